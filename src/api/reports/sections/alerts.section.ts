import { ALERT_TIERS } from '../../../scoring/grading/alert-tier';
import { paragraph, table } from '../html';
import type { ReportSection } from './report-section';

const TIERS = [...ALERT_TIERS].reverse(); // most severe first
const TIER_NAMES: Record<string, string> = { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' };

/** 五、风险预警: alerts of the region opened in the month, and those still open, by tier. */
export const alertsSection: ReportSection = {
  id: 'alerts',
  title: '风险预警',
  async render({ sources, regionPattern, start, end }) {
    const rows = await sources.alerts.monthlyByTier(regionPattern, start, end);
    const of = (tier: string) => rows.find((r) => r.tier === tier) ?? { opened: 0, openNow: 0, resolved: 0 };
    return [
      table(
        ['预警等级', '本月新发', '本月新发已处置', '当前未处置'],
        TIERS.map((t) => [TIER_NAMES[t], of(t).opened, of(t).resolved, of(t).openNow]),
      ),
      paragraph('“当前未处置”按报告生成时的状态统计。'),
    ].join('\n');
  },
};
