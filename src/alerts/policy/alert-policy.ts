import type { Actor, Alert, AlertStep, CalmPeriod } from '../domain/alert';
import { isTerminal } from '../domain/alert';
import { causeKey, type AlertCause } from '../domain/alert-cause';
import { maxTier, tierRank, type AlertTier } from '../../scoring/grading/alert-tier';
import { ackDeadline } from './deadlines';
import type { WorkingDayCalendar } from './working-day-calendar';

/** What scoring, a rule hit or the evidence chain says about one firm and cause in one period. */
export interface AlertSignal {
  firmId: string;
  firmName: string;
  firmRegionCode: string;
  cause: AlertCause;
  /** The tier the assessment asks for; null when this period is clean for this cause. */
  tier: AlertTier | null;
  reasons: string[];
  /** 一票否决: a prohibited activity (e.g. P2P-07, MC-10, FG-03, FG-09) is among the reasons. */
  veto: boolean;
  /** 报告期 the signal is about, e.g. '2025-06'; re-assessing a period replaces its earlier signal. */
  periodId: string;
  /** When the assessment was made. */
  at: Date;
}

export type PolicyDecision =
  | { kind: 'none' } // clean signal and no open alert
  | { kind: 'stale' } // older than the alert's latest signal (a redelivered message): ignored
  | { kind: 'open'; tier: AlertTier }
  | { kind: 'update' } // same tier: reasons refreshed, nobody re-notified
  | { kind: 'worsen'; from: AlertTier; to: AlertTier }
  | { kind: 'hold'; calmPeriods: number } // lower signal, tier kept until two calm periods
  | { kind: 'downgrade'; from: AlertTier; to: AlertTier }
  | { kind: 'close' }; // two calm periods without risk: the system resolves the alert

export interface PolicyOutcome {
  decision: PolicyDecision;
  /** The alert after the signal (the new one for 'open'); null for 'none'; unchanged for 'stale'. */
  alert: Alert | null;
  /** Whether to route and send messages now (open and worsen only). */
  notify: boolean;
}

export interface PolicyContext {
  calendar: WorkingDayCalendar;
  newId: () => string;
}

const SYSTEM: Actor = { kind: 'system', component: 'alert-policy' };
const CALM_PERIODS_TO_LOWER = 2;

/** The lowest tier a signal or alert may have: tampering is always red, a veto item at least orange. */
function floorOf(cause: AlertCause, veto: boolean): AlertTier | null {
  if (cause.kind === 'evidence_tampered') return 'red';
  return veto ? 'orange' : null;
}

/** The tier a signal really asks for once the veto and tampering floors apply. */
export function signalTier(signal: AlertSignal): AlertTier | null {
  return maxTier(signal.tier, floorOf(signal.cause, signal.veto));
}

/**
 * Decides what a signal does to the current non-terminal alert of its firm and cause (null if none).
 * A worse tier re-notifies; the same tier only updates; a lower tier is held until two consecutive
 * calm periods, then the tier goes down to the worse of the two (or the alert closes when both were
 * clean). Veto and tampering alerts never go below their floor or close by themselves: an official
 * must resolve them.
 */
export function decide(current: Alert | null, signal: AlertSignal): PolicyDecision {
  const open = current && !isTerminal(current.status) ? current : null;
  const tier = signalTier(signal);
  if (!open) return tier ? { kind: 'open', tier } : { kind: 'none' };
  if (signal.at.getTime() < open.lastSignalAt.getTime()) return { kind: 'stale' };

  if (tier && tierRank(tier) > tierRank(open.tier)) return { kind: 'worsen', from: open.tier, to: tier };
  if (tier === open.tier) return { kind: 'update' };

  const calm = withCalmPeriod(open.calmPeriods, { periodId: signal.periodId, tier });
  if (calm.length < CALM_PERIODS_TO_LOWER) return { kind: 'hold', calmPeriods: calm.length };
  const target = maxTier(
    calm.reduce<AlertTier | null>((worst, p) => maxTier(worst, p.tier), null),
    floorOf(open.cause, open.veto),
  );
  if (target === null) return { kind: 'close' };
  if (target === open.tier) return { kind: 'hold', calmPeriods: calm.length };
  return { kind: 'downgrade', from: open.tier, to: target };
}

/** Applies decide() and returns the next alert state for the repository to save. */
export function applySignal(current: Alert | null, signal: AlertSignal, ctx: PolicyContext): PolicyOutcome {
  if (current && (current.firmId !== signal.firmId || current.causeKey !== causeKey(signal.cause))) {
    throw new Error(
      `signal for ${signal.firmId}/${causeKey(signal.cause)} applied to alert ${current.id} of ${current.firmId}/${current.causeKey}`,
    );
  }
  const decision = decide(current, signal);
  const at = signal.at;
  const reasons = signal.reasons;
  switch (decision.kind) {
    case 'none':
      return { decision, alert: null, notify: false };
    case 'stale':
      return { decision, alert: current, notify: false };
    case 'open': {
      const alert: Alert = {
        id: ctx.newId(),
        firmId: signal.firmId,
        firmName: signal.firmName,
        firmRegionCode: signal.firmRegionCode,
        cause: signal.cause,
        causeKey: causeKey(signal.cause),
        tier: decision.tier,
        veto: signal.veto,
        reasons,
        status: 'open',
        openedAt: at,
        updatedAt: at,
        lastPeriodId: signal.periodId,
        lastSignalAt: at,
        ackDeadline: ackDeadline(decision.tier, at, ctx.calendar),
        escalationLevel: 0,
        calmPeriods: [],
        history: [
          {
            action: 'open',
            from: null,
            to: 'open',
            tier: decision.tier,
            actor: SYSTEM,
            at,
            reason: reasons.join('；') || null,
          },
        ],
      };
      return { decision, alert, notify: true };
    }
    default:
      return { decision, alert: next(current!, signal, decision, ctx), notify: decision.kind === 'worsen' };
  }
}

function next(alert: Alert, signal: AlertSignal, decision: PolicyDecision, ctx: PolicyContext): Alert {
  const at = signal.at;
  // A veto stays on the alert once seen: the violation happened even if later periods are clean.
  const seen = {
    ...alert,
    veto: alert.veto || signal.veto,
    updatedAt: at,
    lastPeriodId: signal.periodId,
    lastSignalAt: at,
  };
  const step = (action: AlertStep['action'], to: Alert['status'], tier: AlertTier, reason: string): AlertStep => ({
    action,
    from: alert.status,
    to,
    tier,
    actor: SYSTEM,
    at,
    reason,
  });
  switch (decision.kind) {
    case 'update':
      return { ...seen, reasons: signal.reasons, calmPeriods: [] };
    case 'worsen': {
      // The new tier's recipients must acknowledge it, even if a lower tier was already being handled.
      const due = ackDeadline(decision.to, at, ctx.calendar);
      const deadline =
        alert.status === 'open' && alert.ackDeadline && alert.ackDeadline < due ? alert.ackDeadline : due;
      return {
        ...seen,
        tier: decision.to,
        reasons: signal.reasons,
        status: 'open',
        ackDeadline: deadline,
        calmPeriods: [],
        history: [...alert.history, step('worsen', 'open', decision.to, signal.reasons.join('；'))],
      };
    }
    case 'hold':
      return {
        ...seen,
        calmPeriods: withCalmPeriod(alert.calmPeriods, { periodId: signal.periodId, tier: signalTier(signal) }),
      };
    case 'downgrade':
      return {
        ...seen,
        tier: decision.to,
        calmPeriods: [],
        history: [
          ...alert.history,
          step('downgrade', alert.status, decision.to, `连续${CALM_PERIODS_TO_LOWER}个报告期低于${alert.tier}级`),
        ],
      };
    case 'close':
      return {
        ...seen,
        status: 'resolved',
        ackDeadline: null,
        calmPeriods: [],
        history: [
          ...alert.history,
          step('close', 'resolved', alert.tier, `连续${CALM_PERIODS_TO_LOWER}个报告期无风险信号，系统办结`),
        ],
      };
    default:
      throw new Error(`no transition for decision ${decision.kind}`);
  }
}

/** Appends a calm period; a re-assessment of the same period replaces it. Keeps the last two. */
function withCalmPeriod(calm: readonly CalmPeriod[], period: CalmPeriod): CalmPeriod[] {
  const kept = calm.filter((p) => p.periodId !== period.periodId);
  return [...kept, period].slice(-CALM_PERIODS_TO_LOWER);
}
