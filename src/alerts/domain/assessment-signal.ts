import type { AlertCause } from './alert-cause';
import type { AlertTier } from '../../scoring/grading/alert-tier';

/**
 * One reason behind a signal, as scoring states it: which rule, the measured value and the limit.
 * Values are strings or numbers as the rule pack has them (money stays a string, never a float).
 */
export interface AlertReason {
  /** docs/regulations.md rule id, e.g. 'P2P-07', 'FG-03', 'EW-09'; null for the overall score or the model. */
  ruleId: string | null;
  /** What an official reads: 逾期率 12.4%，超过 10% 的监管红线. */
  text: string;
  /** The measured value, e.g. '0.124' or 87 (score). */
  value?: string | number | null;
  /** The limit the rule compares with, e.g. '0.10'. */
  threshold?: string | number | null;
  /** 一票否决 item (prohibited activity). */
  veto?: boolean;
}

/**
 * What scoring (or any producer) sends to AlertsService.onSignal: its view of one firm and cause in
 * one reporting period. The alerts layer looks up the firm's name and region itself.
 *
 * - One signal per (firm, cause, period); re-assessing the period sends a new assessmentId.
 * - tier null: this period is clean for this cause (two clean periods close the alert).
 * - A replayed message (same assessmentId) changes nothing.
 */
export interface AssessmentSignal {
  /** firms.id (uuid) of the supervised firm. */
  firmId: string;
  /** score_band for the overall score, rule for one rule hit, related_party_propagation, ... */
  cause: AlertCause;
  tier: AlertTier | null;
  reasons: AlertReason[];
  /** 一票否决: a prohibited activity is among the reasons; floors the tier at orange. */
  veto: boolean;
  /** 报告期, e.g. '2026-02'. */
  periodId: string;
  /** Scoring's id of the assessment (evidence record id): the idempotency key. */
  assessmentId: string;
  /** When the assessment was made; older than the alert's latest signal means stale. */
  assessedAt: Date;
  /** The 0-100 risk score, when the cause is the score band. */
  score?: number | null;
}

/** Subject of alerts about the whole bureau rather than one firm (evidence tampering without a firm). */
export const BUREAU_WIDE = 'bureau';

/** One reason as one line of a message. */
export function reasonLine(reason: AlertReason): string {
  const measured = reason.value !== undefined && reason.value !== null ? `：${reason.value}` : '';
  const limit = reason.threshold !== undefined && reason.threshold !== null ? `（阈值 ${reason.threshold}）` : '';
  const rule = reason.ruleId ? `[${reason.ruleId}] ` : '';
  return `${rule}${reason.text}${measured}${limit}`;
}
