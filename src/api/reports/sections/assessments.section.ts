import { table } from '../html';
import type { ReportSection } from './report-section';

/** 四、风险评级: the latest assessment of each firm up to the month's end, by tier, with the average risk score. */
export const assessmentsSection: ReportSection = {
  id: 'assessments',
  title: '风险评级',
  async render({ sources, regionPattern, end }) {
    const rows = await sources.scoring.latestByTier(regionPattern, end);
    return table(
      ['风险等级', '机构数', '平均分'],
      rows.map((r) => [r.tier, r.firms, r.averageScore ?? '-']),
      '本月末无评分结果',
    );
  },
};
