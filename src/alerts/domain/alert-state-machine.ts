import { AlertActionForbidden, AlertStepInvalid, IllegalAlertTransition } from '../alerts.errors';
import type { Actor, Alert, AlertStatus, HandlingAction } from './alert';
import type { StaffRole } from '../../staff/staff-role';

/** Which status each handling action leads from and to. */
const TRANSITIONS: Readonly<Record<HandlingAction, { from: readonly AlertStatus[]; to: AlertStatus }>> = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  start: { from: ['acknowledged'], to: 'in_progress' },
  resolve: { from: ['in_progress'], to: 'resolved' },
  // Acknowledge first: dismissing an alert never skips the acknowledgement record.
  mark_false_positive: { from: ['acknowledged', 'in_progress'], to: 'false_positive' },
};

// Closing steps end the case, so the record must say why; acknowledging must stay one tap on a phone.
const REASON_REQUIRED: readonly HandlingAction[] = ['resolve', 'mark_false_positive'];

// Auditors watch the officials; letting them act would blur who did what.
const ACTING_ROLES: readonly StaffRole[] = [
  'analyst',
  'county_officer',
  'section_head',
  'deputy_head',
  'bureau_head',
  'province',
  'admin',
];

export function allowedActions(status: AlertStatus): HandlingAction[] {
  return (Object.keys(TRANSITIONS) as HandlingAction[]).filter((a) => TRANSITIONS[a].from.includes(status));
}

/**
 * One step of an official on an alert. Pure: returns the next alert with the step appended to its
 * history, or throws a domain error (illegal step, forbidden role, missing reason, backdated time).
 * Whether this official may act on this firm's region is the API's RBAC, not checked here.
 */
export function transition(
  alert: Alert,
  action: HandlingAction,
  actor: Actor,
  at: Date,
  reason: string | null = null,
): Alert {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(alert.status)) throw new IllegalAlertTransition(alert.id, alert.status, action);
  if (actor.kind !== 'staff') throw new AlertActionForbidden(alert.id, 'system', action);
  if (!ACTING_ROLES.includes(actor.role)) throw new AlertActionForbidden(alert.id, actor.role, action);

  const why = reason?.trim() || null;
  if (REASON_REQUIRED.includes(action) && !why) {
    throw new AlertStepInvalid(`'${action}' needs a reason`, [
      { pointer: '/reason', detail: 'required when closing an alert' },
    ]);
  }
  const last = alert.history[alert.history.length - 1];
  if (last && at.getTime() < last.at.getTime()) {
    throw new AlertStepInvalid(`step time ${at.toISOString()} is before the alert's last step`, [
      { pointer: '/at', detail: `must not be before ${last.at.toISOString()}` },
    ]);
  }

  return {
    ...alert,
    status: rule.to,
    // Once acknowledged nobody can let the acknowledgement lapse any more.
    ackDeadline: rule.to === 'open' ? alert.ackDeadline : null,
    updatedAt: at,
    history: [...alert.history, { action, from: alert.status, to: rule.to, tier: alert.tier, actor, at, reason: why }],
  };
}
