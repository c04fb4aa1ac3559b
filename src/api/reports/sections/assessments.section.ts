import { paragraph, table } from '../html';
import type { ReportSection } from './report-section';

// The scoring module is being built: read its table when it exists, whatever of tier, grade and
// score it carries, and say so plainly when it does not exist yet.
const TIME_COLUMNS = ['assessed_at', 'as_of', 'created_at'];

/** 四、风险评级: the latest assessment of each firm up to the month's end, by tier or grade. */
export const assessmentsSection: ReportSection = {
  id: 'assessments',
  title: '风险评级',
  async render({ dataSource, regionPattern, end, tables }) {
    const columns = tables.get('assessments');
    const time = TIME_COLUMNS.find((c) => columns?.has(c));
    const level = ['tier', 'grade'].find((c) => columns?.has(c));
    if (!columns || !columns.has('firm_id') || !time || !level) return paragraph('待评分模块：评分结果尚未接入。', 'pending');
    const rows: Array<{ level: string; n: number; avg: string | null }> = await dataSource.query(
      `SELECT latest.level, count(*)::int AS n, ${columns.has('score') ? 'round(avg(latest.score)::numeric, 1)::text' : 'NULL'} AS avg
         FROM (SELECT DISTINCT ON (a.firm_id) a.firm_id, a.${level}::text AS level${columns.has('score') ? ', a.score' : ''}
                 FROM assessments a JOIN firms f ON f.id = a.firm_id
                WHERE f.region_code LIKE $1 AND a.${time} < $2
                ORDER BY a.firm_id, a.${time} DESC) latest
        GROUP BY latest.level ORDER BY latest.level`,
      [regionPattern, end],
    );
    return table([level === 'tier' ? '风险等级' : '评级', '机构数', '平均分'], rows.map((r) => [r.level, r.n, r.avg ?? '-']), '本月末无评分结果');
  },
};
