import { Injectable, Logger, Optional } from '@nestjs/common';
import type { AssessedFirm, AssessmentListener, ModelMonitoringBreach } from '../scoring/assessment-listener';
import { alertTierOf, maxTier, tierRank, type AlertTier, type GradedTier } from '../scoring/grading/alert-tier';
import { AlertsService } from './alerts.service';
import { BUREAU_WIDE, type AlertReason, type AssessmentSignal } from './domain/assessment-signal';

// What scoring's assessments mean for alerts: the signals each one sends, and the listener that
// sends them to AlertsService.onSignal.

const toAlertsTier = (tier: GradedTier | 'violation' | null): AlertTier | null =>
  tier === null ? null : tier === 'violation' ? 'yellow' : alertTierOf(tier);
const reasonValue = (v: number | boolean | null): string | number | null => (typeof v === 'boolean' ? String(v) : v);

const BAND_ZH: Readonly<Record<GradedTier, string>> = {
  none: '无预警区间',
  blue: '蓝色区间',
  yellow: '黄色区间',
  orange: '橙色区间',
  red: '红色区间',
};

/**
 * The signals one assessment sends (src/alerts/README.md, "One alert per fact"): one per fired rule,
 * one per related red firm, and the overall assessment (cause score_band, 综合风险评分) only for
 * what no single cause explains - when the assessment's tier is above every rule's and relation's
 * tier (several breaches together, or a model score beyond the rules). Otherwise the score is
 * context on the rule alerts, never an alert of its own with a second deadline. A cause of the
 * previous assessment that no longer holds gets a clean (tier null) signal, so its alert can calm
 * down and close. Nothing when the firm was and stays clean.
 */
export function signalsOf({ record, previous, firmIdByCode }: AssessedFirm): AssessmentSignal[] {
  if (record.tier === 'none' && (previous === null || previous.tier === 'none')) return [];
  const base = {
    firmId: record.firmId,
    periodId: record.asOf.slice(0, 7),
    assessmentId: record.id,
    assessedAt: new Date(record.assessedAt),
  };
  const score = Number(record.riskScore);
  // Grade and band, not the number: the context changes (and the alert's history gains a line) only when they do.
  const context: AlertReason = {
    ruleId: null,
    text: `综合风险评分（背景）：评级 ${record.grade}，${BAND_ZH[record.scoreTier]}`,
  };
  const signals: AssessmentSignal[] = [];
  const fired = new Set<string>();
  for (const r of record.explanation.rulesFired) {
    fired.add(r.ruleId);
    const reason: AlertReason = {
      ruleId: r.ruleId,
      text: r.explanation,
      value: reasonValue(r.value),
      threshold: reasonValue(r.threshold),
      veto: r.veto !== false,
    };
    signals.push({
      ...base,
      cause: { kind: 'rule', ruleId: r.ruleId },
      tier: toAlertsTier(r.tier),
      reasons: [reason, context],
      veto: r.veto !== false,
      score,
    });
  }
  for (const r of previous?.rulesFired ?? []) {
    if (!fired.has(r.ruleId))
      signals.push({
        ...base,
        cause: { kind: 'rule', ruleId: r.ruleId },
        tier: null,
        reasons: [{ ruleId: r.ruleId, text: `${r.title.zh}: 本期未触发` }],
        veto: false,
      });
  }
  const sources = new Set<string>();
  for (const p of record.explanation.propagation) {
    const sourceFirmId = firmIdByCode.get(p.fromFirm);
    if (!sourceFirmId || sources.has(sourceFirmId)) continue;
    sources.add(sourceFirmId);
    signals.push({
      ...base,
      cause: { kind: 'related_party_propagation', sourceFirmId },
      tier: 'blue',
      reasons: [{ ruleId: null, text: `关联红色企业: ${p.path}` }, context],
      veto: false,
      score,
    });
  }
  for (const p of previous?.propagation ?? []) {
    const sourceFirmId = firmIdByCode.get(p.fromFirm);
    if (sourceFirmId && !sources.has(sourceFirmId)) {
      sources.add(sourceFirmId);
      signals.push({
        ...base,
        cause: { kind: 'related_party_propagation', sourceFirmId },
        tier: null,
        reasons: [{ ruleId: null, text: '关联红色企业已不再为红色或已无关联' }],
        veto: false,
      });
    }
  }
  const explained = signals.reduce<AlertTier | null>((worst, s) => maxTier(worst, s.tier), null);
  const overall = toAlertsTier(record.tier);
  const beyond = overall !== null && tierRank(overall) > tierRank(explained);
  signals.unshift({
    ...base,
    cause: { kind: 'score_band' },
    tier: beyond ? overall : null,
    reasons: beyond
      ? [
          {
            ruleId: null,
            text: `综合风险分 ${record.riskScore}，评级 ${record.grade}：${record.explanation.tierReasons.join('；')}`,
            value: score,
          },
        ]
      : [
          {
            ruleId: null,
            text: explained
              ? '综合评分未超出单项规则预警，作为背景附于各规则预警'
              : `综合风险分 ${record.riskScore}，未落入预警区间`,
          },
        ],
    veto: false,
    score,
  });
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
          this.logger.error(
            `alert signal for firm ${signal.firmId} (assessment ${signal.assessmentId}) failed: ${(error as Error).message}`,
          );
        }),
      ),
    );
    if (failed > 0) this.logger.warn(`${failed} alert signals failed in a batch of ${assessed.length} assessments`);
  }

  /** A blue bureau-wide alert, routed by routing.yaml causes.model_monitoring to the model owner; one per model, check and day. */
  async onModelBreach(b: ModelMonitoringBreach): Promise<void> {
    await this.alerts?.onSignal(modelBreachSignal(b));
  }
}

export function modelBreachSignal(b: ModelMonitoringBreach): AssessmentSignal {
  const reasons: AlertReason[] = [
    {
      ruleId: null,
      text: `风险模型 ${b.version}：${b.check === 'drift' ? '特征分布漂移' : '校准偏离'}（${b.detail}）`,
    },
  ];
  return {
    firmId: BUREAU_WIDE,
    cause: { kind: 'model_monitoring', check: b.check },
    tier: 'blue',
    reasons,
    veto: false,
    periodId: b.asOf.slice(0, 7),
    assessmentId: `model:${b.version}:${b.check}:${b.asOf}`,
    assessedAt: b.at,
  };
}
