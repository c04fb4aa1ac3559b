import type { RuleHit } from '../rules/rule-engine';
import type { RuleTier } from '../rules/rule-pack';
import { assessFirm, modelScore, ruleScore, type AssessmentInput } from './composite-score';
import type { ManualScore } from './manual-score';

const hitOf = (ruleId: string, tier: RuleTier, veto: RuleHit['veto'] = false): RuleHit => ({
  ruleId,
  regulationId: ruleId,
  pack: 'test@1',
  title: { zh: ruleId, en: ruleId },
  mark: 'D',
  type: 'quantitative',
  outcome: 'fired',
  tier,
  value: 1,
  threshold: 0,
  unit: 'count',
  veto,
  explanation: ruleId,
});
const base: AssessmentInput = {
  firmId: 'f1',
  asOf: '2026-07-10',
  hits: [],
  packs: ['test@1'],
  model: { version: 'm1', probability: 0.09, topContributions: [] },
  manualScores: [],
};
const manual = (overrides: Partial<ManualScore>): ManualScore => ({
  id: 'm',
  mode: 'adjust',
  value: 10,
  reason: '现场检查发现管理混乱',
  author: 'analyst-01',
  validFrom: '2026-07-01',
  ...overrides,
});

describe('assessFirm', () => {
  it('should combine rule points and model probability with noisy-OR', () => {
    expect(ruleScore([hitOf('a', 'yellow'), hitOf('b', 'blue')])).toBeCloseTo(100 * (1 - 0.75 * 0.9));
    expect(modelScore(0.25)).toBeCloseTo(50);
    const a = assessFirm({ ...base, hits: [hitOf('a', 'yellow')] }); // R 25, M 30
    expect(a.machineScore).toBeCloseTo(100 * (1 - 0.75 * 0.7), 1);
    expect(a).toMatchObject({
      riskScore: 47.5,
      qualityScore: 75,
      grade: 'B',
      scoreTier: 'blue',
      ruleTier: 'yellow',
      tier: 'yellow',
    });
  });

  it('should grade on the facts: one soft indicator B, one hard-limit breach C, orange or red facts D', () => {
    const grade = (...hits: RuleHit[]) =>
      assessFirm({ ...base, model: { version: 'm1', probability: 0.3, topContributions: [] }, hits }).grade;
    expect(grade()).toBe('A');
    expect(grade(hitOf('PD-05', 'blue'))).toBe('B'); // A is a clean record
    expect(grade(hitOf('EW-01', 'yellow'))).toBe('B');
    expect(grade(hitOf('FG-01', 'violation'))).toBe('C');
    expect(grade(hitOf('FG-01', 'violation'), hitOf('FG-08', 'violation'))).toBe('D');
    expect(grade(hitOf('FG-03', 'violation', 'orange'))).toBe('D');
    expect(grade(hitOf('EW-09/delay', 'red'))).toBe('D');
  });

  it('should add a valid manual adjustment and ignore expired or future ones', () => {
    const machine = assessFirm(base).riskScore; // 30
    const up = assessFirm({ ...base, manualScores: [manual({ value: 35 })] });
    expect(up.riskScore).toBe(machine + 35);
    expect(up.tier).toBe('yellow'); // 65 is in the yellow band
    expect(up.explanation.manual.adjustments).toEqual([
      expect.objectContaining({ author: 'analyst-01', reason: '现场检查发现管理混乱' }),
    ]);
    const stale = assessFirm({
      ...base,
      manualScores: [manual({ value: 35, validTo: '2026-07-09' }), manual({ value: 35, validFrom: '2026-07-11' })],
    });
    expect(stale.riskScore).toBe(machine);
  });

  it('should let the latest valid set replace the machine score, then apply adjustments, clamped to 0..100', () => {
    const a = assessFirm({
      ...base,
      manualScores: [
        manual({ id: 'old', mode: 'set', value: 20, validFrom: '2026-06-01' }),
        manual({ id: 'new', mode: 'set', value: 80, validFrom: '2026-07-01' }),
        manual({ value: 30 }),
      ],
    });
    expect(a.riskScore).toBe(100);
    expect(a.explanation.manual.set?.id).toBe('new');
    expect(a.explanation.manual.superseded.map((s) => s.id)).toEqual(['old']);
    expect(assessFirm({ ...base, manualScores: [manual({ value: -100 })] }).riskScore).toBe(0);
  });

  it('should not let a manual score lower the tier a red rule or a veto calls for', () => {
    const a = assessFirm({
      ...base,
      hits: [hitOf('EW-09/delay', 'red')],
      manualScores: [manual({ mode: 'set', value: 0 })],
    });
    expect(a).toMatchObject({ riskScore: 0, grade: 'D', tier: 'red' });
    const veto = assessFirm({ ...base, hits: [hitOf('FG-03', 'violation', 'orange')] });
    expect(veto.tier).toBe('orange');
  });

  it('should map violations and soft indicators to §5 tiers', () => {
    const noModel = { ...base, model: null };
    expect(assessFirm({ ...noModel, hits: [hitOf('a', 'blue')] }).tier).toBe('blue');
    expect(assessFirm({ ...noModel, hits: [hitOf('a', 'blue'), hitOf('b', 'blue')] }).tier).toBe('yellow');
    expect(assessFirm({ ...noModel, hits: [hitOf('a', 'violation')] }).tier).toBe('yellow');
    expect(assessFirm({ ...noModel, hits: [hitOf('a', 'violation'), hitOf('b', 'violation')] }).tier).toBe('orange');
    expect(assessFirm({ ...noModel, propagation: [{ fromFirm: 'x', path: 'A ←实控人 张三→ X' }] }).tier).toBe('blue');
  });

  it('should band scores at 40/60/75/90 and grade the quality score at 90/75/60', () => {
    const at = (value: number) => assessFirm({ ...base, manualScores: [manual({ mode: 'set', value })] });
    expect([39.9, 40, 59.9, 60, 74.9, 75, 89.9, 90].map((v) => at(v).tier)).toEqual([
      'none',
      'blue',
      'blue',
      'yellow',
      'yellow',
      'orange',
      'orange',
      'red',
    ]);
    expect([10, 10.1, 25, 25.1, 40, 40.1].map((v) => at(v).grade)).toEqual(['A', 'B', 'B', 'C', 'C', 'D']);
  });
});
