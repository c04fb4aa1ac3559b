import type { Actor, Alert } from '../domain/alert';
import { tierAbove, type AlertTier } from '../../scoring/grading/alert-tier';
import { ROLE_NAMES, type RecipientRole } from '../domain/recipient-role';
import { entriesFor, regionAt, type DirectoryEntry, type RoleInRegion } from '../routing/staff-directory';
import { ackDeadline } from './deadlines';
import type { WorkingDayCalendar } from './working-day-calendar';

/** 问责记录 (数据铁笼): an acknowledgement deadline let lapse, and by whom. Append-only once written. */
export interface AccountabilityRecord {
  alertId: string;
  firmId: string;
  firmName: string;
  /** Tier of the alert when the deadline lapsed. */
  tier: AlertTier;
  deadline: Date;
  detectedAt: Date;
  /** How late the detection found it; at least how late the acknowledgement is. */
  lateByMs: number;
  /** The escalation step whose turn it was. */
  escalationLevel: number;
  responsibleRole: RecipientRole;
  responsibleRegionCode: string;
  /** The officials holding that role there; empty when the post is vacant (the record names the role). */
  responsible: Array<{ staffId: string; name: string }>;
  escalatedTo: { tier: AlertTier; escalationLevel: number; role: RecipientRole; regionCode: string };
}

export interface DueEscalation {
  /** The alert after escalation, for the repository to save (and the router to notify). */
  alert: Alert;
  fromTier: AlertTier;
  toTier: AlertTier;
  accountability: AccountabilityRecord;
}

export interface EscalationContext {
  calendar: WorkingDayCalendar;
  /** routing.yaml `escalation`: whose turn it is to acknowledge, step by step. */
  chain: readonly RoleInRegion[];
  directory: readonly DirectoryEntry[];
}

const SYSTEM: Actor = { kind: 'system', component: 'alert-escalation' };

/**
 * Open alerts past their acknowledgement deadline, each escalated one step: one tier up (red stays
 * red) and the next official of the chain, with a fresh deadline counted from `now`. Counting from
 * now rather than the old deadline matters after downtime: the next official gets a real chance
 * instead of a cascade of instant lapses they were never told about.
 */
export function dueEscalations(alerts: readonly Alert[], now: Date, ctx: EscalationContext): DueEscalation[] {
  if (ctx.chain.length === 0) throw new Error('escalation chain is empty');
  return alerts
    .filter((a) => a.status === 'open' && a.ackDeadline !== null && now.getTime() > a.ackDeadline.getTime())
    .map((alert) => escalate(alert, now, ctx));
}

function escalate(alert: Alert, now: Date, ctx: EscalationContext): DueEscalation {
  const deadline = alert.ackDeadline!;
  const level = Math.min(alert.escalationLevel, ctx.chain.length - 1);
  const nextLevel = Math.min(level + 1, ctx.chain.length - 1);
  const lapsed = ctx.chain[level];
  const nextStep = ctx.chain[nextLevel];
  const toTier = tierAbove(alert.tier);
  const responsible = entriesFor(ctx.directory, lapsed, alert.firmRegionCode).map((e) => ({
    staffId: e.id,
    name: e.name,
  }));
  const who = responsible.length ? responsible.map((r) => r.name).join('、') : `${ROLE_NAMES[lapsed.role]}（空缺）`;

  const accountability: AccountabilityRecord = {
    alertId: alert.id,
    firmId: alert.firmId,
    firmName: alert.firmName,
    tier: alert.tier,
    deadline,
    detectedAt: now,
    lateByMs: now.getTime() - deadline.getTime(),
    escalationLevel: level,
    responsibleRole: lapsed.role,
    responsibleRegionCode: regionAt(alert.firmRegionCode, lapsed.level),
    responsible,
    escalatedTo: {
      tier: toTier,
      escalationLevel: nextLevel,
      role: nextStep.role,
      regionCode: regionAt(alert.firmRegionCode, nextStep.level),
    },
  };
  const escalated: Alert = {
    ...alert,
    tier: toTier,
    escalationLevel: nextLevel,
    ackDeadline: ackDeadline(toTier, now, ctx.calendar),
    updatedAt: now,
    history: [
      ...alert.history,
      {
        action: 'escalate',
        from: 'open',
        to: 'open',
        tier: toTier,
        actor: SYSTEM,
        at: now,
        reason: `${who}未在确认时限 ${deadline.toISOString()} 前确认`,
      },
    ],
  };
  return { alert: escalated, fromTier: alert.tier, toTier, accountability };
}
