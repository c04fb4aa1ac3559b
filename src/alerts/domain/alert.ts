import type { AlertCause } from './alert-cause';
import type { AlertTier } from '../../scoring/grading/alert-tier';
import type { StaffRole } from '../../staff/staff-role';

// Lifecycle: open -> acknowledged -> in_progress -> resolved | false_positive.
export const ALERT_STATUSES = [
  'open', // 待确认: notified, waiting for an acknowledgement within the tier's deadline
  'acknowledged', // 已确认
  'in_progress', // 处置中
  'resolved', // 已办结
  'false_positive', // 误报
] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** 在办: still being handled; at most one such alert per firm and cause. SQL spells it from here (persistence/status-sql). */
export const ACTIVE_STATUSES = ['open', 'acknowledged', 'in_progress'] as const satisfies readonly AlertStatus[];
/** 已办结 or 误报: the alert is closed. */
export const TERMINAL_STATUSES = ['resolved', 'false_positive'] as const satisfies readonly AlertStatus[];

export function isTerminal(status: AlertStatus): boolean {
  return (TERMINAL_STATUSES as readonly AlertStatus[]).includes(status);
}

/** Steps an official takes on the mobile page or the API. */
export const HANDLING_ACTIONS = ['acknowledge', 'start', 'resolve', 'mark_false_positive'] as const;
export type HandlingAction = (typeof HANDLING_ACTIONS)[number];

/** Steps the system takes: the policy (open, worsen, downgrade, close) and the escalation timer. */
export type SystemAction = 'open' | 'worsen' | 'downgrade' | 'close' | 'escalate';

export type Actor =
  | { kind: 'staff'; staffId: string; name: string; role: StaffRole }
  /** `component` names the part of the system that acted, e.g. 'alert-policy'. */
  | { kind: 'system'; component: string };

/** One line of the alert's history: who, when, why (数据铁笼: nothing happens unrecorded). */
export interface AlertStep {
  action: HandlingAction | SystemAction;
  from: AlertStatus | null;
  to: AlertStatus;
  /** The tier after the step. */
  tier: AlertTier;
  actor: Actor;
  at: Date;
  reason: string | null;
}

/** A reporting period whose signal was below the alert's tier (null: no risk at all). */
export interface CalmPeriod {
  periodId: string;
  tier: AlertTier | null;
}

/** 预警: one per firm and cause while not terminal. Plain data; the policy and state machine return new copies. */
export interface Alert {
  id: string;
  /** firms.id of the supervised firm (监管对象). */
  firmId: string;
  /** 机构名称, carried so messages need no lookup. */
  firmName: string;
  /** 行政区划代码 (GB/T 2260) of the firm's county, or city when it has none. */
  firmRegionCode: string;
  cause: AlertCause;
  /** causeKey(cause); (firmId, causeKey) is unique among non-terminal alerts. */
  causeKey: string;
  tier: AlertTier;
  /** 一票否决: a veto item (prohibited activity) is among the reasons. */
  veto: boolean;
  reasons: string[];
  status: AlertStatus;
  openedAt: Date;
  updatedAt: Date;
  /** 报告期 of the latest signal, e.g. '2025-06'. */
  lastPeriodId: string;
  /** When the latest signal was assessed; an older one arriving late is ignored. */
  lastSignalAt: Date;
  /** 确认时限: when acknowledgement is due; null when nothing awaits acknowledgement. */
  ackDeadline: Date | null;
  /** Index into the escalation chain: whose turn it is to acknowledge (0 = the county case officer). */
  escalationLevel: number;
  /** Consecutive periods below the tier, oldest first; two of them lower the tier. */
  calmPeriods: CalmPeriod[];
  history: AlertStep[];
}
