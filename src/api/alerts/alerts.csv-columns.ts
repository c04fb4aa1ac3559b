import { TIER_INFO, type AlertTier } from '../../scoring/grading/alert-tier';
import { ROLE_NAMES, type RecipientRole } from '../../alerts/domain/recipient-role';
import { instant, joined } from '../exports/csv-export';
import type { CsvColumn } from '../reports/csv';

type Row = Record<string, unknown>;

// The words on the officials' mobile page (mobile/app.js.ts), so a sheet and a phone agree.
const STATUS_NAMES: Readonly<Record<string, string>> = {
  open: '待确认',
  acknowledged: '已确认',
  in_progress: '处置中',
  resolved: '已办结',
  false_positive: '误报',
};

const tierName = (tier: unknown) => TIER_INFO[tier as AlertTier]?.name ?? String(tier ?? '');
const roleName = (role: unknown) => ROLE_NAMES[role as RecipientRole] ?? String(role ?? '');

/** GET /v1/alerts.csv: one row per alert (AlertQueries.listForStaff items). */
export const ALERT_CSV_COLUMNS: ReadonlyArray<CsvColumn<Row>> = [
  { header: '预警编号', value: (a) => a.id as string },
  { header: '机构名称', value: (a) => a.firmName as string },
  { header: '行政区划代码', value: (a) => a.regionCode as string },
  { header: '预警级别', value: (a) => tierName(a.tier) },
  { header: '状态', value: (a) => STATUS_NAMES[a.status as string] ?? (a.status as string) },
  { header: '一票否决', value: (a) => (a.veto ? '是' : '否') },
  { header: '触发原因', value: (a) => a.causeLabel as string },
  { header: '预警理由', value: (a) => joined(a.reasons as unknown[]) },
  { header: '发出时间', value: (a) => instant(a.openedAt) },
  { header: '确认时限', value: (a) => instant(a.ackDeadline) },
  { header: '升级层级', value: (a) => a.escalationLevel as number },
  { header: '最近更新', value: (a) => instant(a.updatedAt) },
];

/** GET /v1/accountability.csv: one row per 问责记录. */
export const ACCOUNTABILITY_CSV_COLUMNS: ReadonlyArray<CsvColumn<Row>> = [
  { header: '记录编号', value: (r) => r.id as string },
  { header: '预警编号', value: (r) => r.alertId as string },
  { header: '机构名称', value: (r) => r.firmName as string },
  { header: '行政区划代码', value: (r) => r.regionCode as string },
  { header: '预警级别', value: (r) => tierName(r.tier) },
  { header: '确认时限', value: (r) => instant(r.deadline) },
  { header: '发现时间', value: (r) => instant(r.detectedAt) },
  { header: '超时分钟', value: (r) => Math.round(Number(r.lateByMs) / 60_000) },
  { header: '升级层级', value: (r) => r.escalationLevel as number },
  { header: '责任岗位', value: (r) => roleName(r.responsibleRole) },
  { header: '责任区划', value: (r) => r.responsibleRegionCode as string },
  {
    header: '责任人',
    value: (r) => joined(((r.responsible as Array<{ name: string }> | null) ?? []).map((p) => p.name)),
  },
  { header: '升级至', value: (r) => roleName((r.escalatedTo as { role?: string } | null)?.role) },
];
