import { Injectable, Logger, Optional } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import type { AlertReason, AssessmentSignal } from '../alerts/domain/assessment-signal';
import type { AlertTier as AlertsTier } from '../alerts/domain/alert-tier';
import type { AlertTier } from './grading/alert-tier';
import type { AssessmentRecord } from './persistence/assessment-records';
import type { LatestAssessment } from './persistence/scoring-reads';

/** A stored assessment and the firm's assessment before it (null for its first). */
export interface AssessedFirm {
  record: AssessmentRecord;
  previous: LatestAssessment | null;
  /** firms.id of each related red firm named in the propagation flags, by credit code. */
  firmIdByCode: ReadonlyMap<string, string>;
}

/**
 * Called after each committed batch of assessments. The alerts module implements it today through
 * AlertsAssessmentListener below; another consumer can be bound to ASSESSMENT_LISTENER instead.
 */
export interface AssessmentListener {
  onAssessments(assessed: readonly AssessedFirm[]): Promise<void>;
}

export const ASSESSMENT_LISTENER = Symbol('ASSESSMENT_LISTENER');

const toAlertsTier = (tier: AlertTier | 'violation' | null): AlertsTier | null => (tier === null || tier === 'none' ? null : tier === 'violation' ? 'yellow' : tier);
const reasonValue = (v: number | boolean | null): string | number | null => (typeof v === 'boolean' ? String(v) : v);

/**
 * The signals one assessment sends (src/alerts/README.md): the score band, one per fired rule, one
 * per related red firm; and a clean (tier null) signal for each cause of the previous assessment
 * that no longer holds, so the alert can calm down and close. Nothing when the firm was and stays clean.
 */
export function signalsOf({ record, previous, firmIdByCode }: AssessedFirm): AssessmentSignal[] {
  if (record.tier === 'none' && (previous === null || previous.tier === 'none')) return [];
  const base = { firmId: record.firmId, periodId: record.asOf.slice(0, 7), assessmentId: record.id, assessedAt: new Date(record.assessedAt) };
  const signals: AssessmentSignal[] = [
    {
      ...base,
      cause: { kind: 'score_band' },
      tier: toAlertsTier(record.scoreTier),
      reasons: [{ ruleId: null, text: `综合风险分 ${record.riskScore}，评级 ${record.grade}`, value: Number(record.riskScore) }],
      veto: false,
      score: Number(record.riskScore),
    },
  ];
  const fired = new Set<string>();
  for (const r of record.explanation.rulesFired) {
    fired.add(r.ruleId);
    const reason: AlertReason = { ruleId: r.ruleId, text: r.explanation, value: reasonValue(r.value), threshold: reasonValue(r.threshold), veto: r.veto !== false };
    signals.push({ ...base, cause: { kind: 'rule', ruleId: r.ruleId }, tier: toAlertsTier(r.tier), reasons: [reason], veto: r.veto !== false });
  }
  for (const r of previous?.rulesFired ?? []) {
    if (!fired.has(r.ruleId)) signals.push({ ...base, cause: { kind: 'rule', ruleId: r.ruleId }, tier: null, reasons: [{ ruleId: r.ruleId, text: `${r.title.zh}: 本期未触发` }], veto: false });
  }
  const sources = new Set<string>();
  for (const p of record.explanation.propagation) {
    const sourceFirmId = firmIdByCode.get(p.fromFirm);
    if (!sourceFirmId || sources.has(sourceFirmId)) continue;
    sources.add(sourceFirmId);
    signals.push({ ...base, cause: { kind: 'related_party_propagation', sourceFirmId }, tier: 'blue', reasons: [{ ruleId: null, text: `关联红色企业: ${p.path}` }], veto: false });
  }
  for (const p of previous?.propagation ?? []) {
    const sourceFirmId = firmIdByCode.get(p.fromFirm);
    if (sourceFirmId && !sources.has(sourceFirmId)) {
      sources.add(sourceFirmId);
      signals.push({ ...base, cause: { kind: 'related_party_propagation', sourceFirmId }, tier: null, reasons: [{ ruleId: null, text: '关联红色企业已不再为红色或已无关联' }], veto: false });
    }
  }
  return signals;
}

/**
 * Sends each assessment's signals to AlertsService.onSignal when the alerts module is loaded. The
 * batch's signals go in together: the alerts service stores signals that arrive together in shared
 * transactions (one firm and cause still one after another), where awaiting each in turn paid a
 * transaction per signal and held the next re-score back by seconds.
 */
@Injectable()
export class AlertsAssessmentListener implements AssessmentListener {
  private readonly logger = new Logger(AlertsAssessmentListener.name);

  constructor(@Optional() private readonly alerts?: AlertsService) {}

  async onAssessments(assessed: readonly AssessedFirm[]): Promise<void> {
    const alerts = this.alerts;
    if (!alerts) return;
    let failed = 0;
    await Promise.all(
      assessed.flatMap(signalsOf).map((signal) =>
        alerts.onSignal(signal).catch((error: unknown) => {
          // The assessment is stored either way; the next re-score sends its signals again.
          failed += 1;
          this.logger.error(`alert signal for firm ${signal.firmId} (assessment ${signal.assessmentId}) failed: ${(error as Error).message}`);
        }),
      ),
    );
    if (failed > 0) this.logger.warn(`${failed} alert signals failed in a batch of ${assessed.length} assessments`);
  }
}
