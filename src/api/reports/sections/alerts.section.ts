import { ACTIVE_STATUSES_SQL, TERMINAL_STATUSES_SQL } from '../../../alerts/persistence/status-sql';
import { paragraph, table } from '../html';
import type { ReportSection } from './report-section';

const TIERS = ['red', 'orange', 'yellow', 'blue'];
const TIER_NAMES: Record<string, string> = { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' };

/** 五、风险预警: alerts of the region opened in the month, and those still open, by tier. */
export const alertsSection: ReportSection = {
  id: 'alerts',
  title: '风险预警',
  async render({ dataSource, regionPattern, start, end, tables }) {
    const columns = tables.get('alerts');
    if (!columns || !['tier', 'status', 'region_code', 'opened_at'].every((c) => columns.has(c))) return paragraph('待预警模块：预警数据尚未接入。', 'pending');
    const rows: Array<{ tier: string; opened: number; open_now: number; resolved: number }> = await dataSource.query(
      `SELECT tier::text AS tier,
              count(*) FILTER (WHERE opened_at >= $2 AND opened_at < $3)::int AS opened,
              count(*) FILTER (WHERE status IN ${ACTIVE_STATUSES_SQL})::int AS open_now,
              count(*) FILTER (WHERE opened_at >= $2 AND opened_at < $3 AND status IN ${TERMINAL_STATUSES_SQL})::int AS resolved
         FROM alerts WHERE region_code LIKE $1 AND opened_at < $3 GROUP BY tier`,
      [regionPattern, start, end],
    );
    const of = (tier: string) => rows.find((r) => r.tier === tier) ?? { opened: 0, open_now: 0, resolved: 0 };
    return [
      table(['预警等级', '本月新发', '本月新发已处置', '当前未处置'], TIERS.map((t) => [TIER_NAMES[t], of(t).opened, of(t).resolved, of(t).open_now])),
      paragraph('“当前未处置”按报告生成时的状态统计。'),
    ].join('\n');
  },
};
