import { join } from 'node:path';
import { signalsOf } from './assessment-signals';
import { FEATURE_NAMES } from '../scoring/features/feature-catalogue';
import type { FeatureVector } from '../scoring/features/feature-vector';
import { assessFirm } from '../scoring/grading/composite-score';
import { assessmentRecord } from '../scoring/persistence/assessment-records';
import { BUNDLED_PACKS_DIR, loadRulePackFile } from '../scoring/rules/load-rule-pack';
import { evaluatePack } from '../scoring/rules/rule-engine';

const fg = loadRulePackFile(join(BUNDLED_PACKS_DIR, 'financing_guarantee.v1.yaml'));
const vector = (values: FeatureVector): FeatureVector => ({
  ...Object.fromEntries(FEATURE_NAMES.map((n) => [n, null])),
  ...values,
});

/** A stored assessment of one guarantor from real rule hits and a model probability. */
function assessed(features: FeatureVector, probability: number) {
  const hits = evaluatePack(fg, vector(features));
  const a = assessFirm({
    firmId: 'firm-1',
    asOf: '2026-11-30',
    hits,
    packs: ['financing_guarantee@1'],
    model: { version: 'v1', probability, topContributions: [] },
    manualScores: [],
  });
  return {
    record: assessmentRecord(a, vector(features), {
      id: 'assessment-1',
      assessedAt: new Date('2026-12-01T02:00:00Z'),
      rank: 1,
      rankedFirms: 1,
      trigger: 'ingest',
    }),
    previous: null,
    firmIdByCode: new Map<string, string>(),
  };
}

describe(signalsOf.name, () => {
  it('should send one alert for one breach, with the score as context, not a second score-band alert', () => {
    const firm = assessed({ fg_paid_in_capital: 19_900_000 }, 0.2); // FG-08 violation; the score lands in the yellow band
    expect(firm.record.scoreTier).toBe('yellow');
    const signals = signalsOf(firm);
    const alerting = signals.filter((s) => s.tier !== null);
    expect(alerting.map((s) => s.cause)).toEqual([{ kind: 'rule', ruleId: 'FG-08' }]);
    expect(alerting[0].reasons.map((r) => r.text)).toContain(
      `综合风险评分（背景）：评级 ${firm.record.grade}，黄色区间`,
    );
    // The score-band cause is told it is clean, so an older score-band alert calms down and closes.
    expect(signals.find((s) => s.cause.kind === 'score_band')).toMatchObject({ tier: null });
  });

  it('should keep the overall alert for what no single rule explains: several breaches together', () => {
    const firm = assessed(
      { fg_paid_in_capital: 19_900_000, fg_leverage: 12, fg_mainly_small_micro_rural: false },
      0.01,
    );
    expect(firm.record.ruleTier).toBe('orange');
    const signals = signalsOf(firm);
    expect(signals.filter((s) => s.cause.kind === 'rule' && s.tier !== null).map((s) => s.tier)).toEqual([
      'yellow',
      'yellow',
    ]);
    expect(signals.find((s) => s.cause.kind === 'score_band')).toMatchObject({
      tier: 'orange',
      reasons: [expect.objectContaining({ text: expect.stringContaining('超限违规 2 项') })],
    });
  });

  it('should alert on the score band alone when no rule fired but the model puts the firm in a band', () => {
    const firm = assessed({ fg_paid_in_capital: 50_000_000 }, 0.3);
    expect(firm.record.explanation.rulesFired).toEqual([]);
    expect(signalsOf(firm)).toEqual([
      expect.objectContaining({ cause: { kind: 'score_band' }, tier: firm.record.scoreTier }),
    ]);
    expect(firm.record.scoreTier).not.toBe('none');
  });
});
