import { AlertRequestInvalid } from './alerts.errors';
import { isAlertTier } from '../scoring/grading/alert-tier';
import { BUREAU_WIDE, type AssessmentSignal } from './domain/assessment-signal';
import type { FieldProblem } from '../platform/errors/domain-error';
import { isUuid } from '../platform/uuid';

const CAUSES = ['score_band', 'rule', 'evidence_tampered', 'related_party_propagation', 'model_monitoring'];

/** Checks a signal from scoring before anything is stored; lists every problem. */
export function validateSignal(signal: AssessmentSignal): void {
  const problems: FieldProblem[] = [];
  const bad = (pointer: string, detail: string) => problems.push({ pointer, detail });
  if (signal.firmId !== BUREAU_WIDE && !isUuid(String(signal.firmId))) bad('/firmId', 'must be a firms.id (uuid)');
  const cause = signal.cause as { kind?: string; ruleId?: unknown; sourceFirmId?: unknown } | undefined;
  if (!cause || !CAUSES.includes(String(cause.kind))) bad('/cause/kind', `must be one of ${CAUSES.join(', ')}`);
  else if (cause.kind === 'rule' && (typeof cause.ruleId !== 'string' || !cause.ruleId))
    bad('/cause/ruleId', 'a rule cause needs the rule id, e.g. EW-09');
  else if (cause.kind === 'related_party_propagation' && !isUuid(String(cause.sourceFirmId)))
    bad('/cause/sourceFirmId', 'must be the source firm id (uuid)');
  else if (
    cause.kind === 'model_monitoring' &&
    !['drift', 'calibration'].includes(String((cause as { check?: unknown }).check))
  )
    bad('/cause/check', 'must be drift or calibration');
  if (signal.tier !== null && !isAlertTier(signal.tier))
    bad('/tier', 'must be blue, yellow, orange, red or null (clean)');
  if (!Array.isArray(signal.reasons) || signal.reasons.some((r) => !r || typeof r.text !== 'string' || !r.text.trim()))
    bad('/reasons', 'must be a list of {ruleId, text, value?, threshold?} with text');
  if (typeof signal.veto !== 'boolean') bad('/veto', 'must be true or false');
  if (typeof signal.periodId !== 'string' || !signal.periodId)
    bad('/periodId', 'must name the reporting period, e.g. 2026-02');
  if (typeof signal.assessmentId !== 'string' || !signal.assessmentId)
    bad('/assessmentId', 'must be the assessment id (idempotency key)');
  if (!(signal.assessedAt instanceof Date) || Number.isNaN(signal.assessedAt.getTime()))
    bad('/assessedAt', 'must be a valid Date');
  if (problems.length) throw new AlertRequestInvalid('the alert signal is not valid', problems);
}
