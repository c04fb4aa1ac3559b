import { simulateTrajectories } from '../../ingest/simulator/firm-trajectory';
import {
  FIXED_DIRECTIONS,
  MONOTONICITY_SAMPLE,
  MonotonicityViolated,
  monotonicityViolations,
} from './fixed-directions';
import { buildMlp, DEFAULT_MLP, predictMlp, projectMonotone } from './mlp';
import { designMatrix, fitNormalisation, MODEL_FEATURES } from './model-features';
import { RiskModel } from './risk-model';
import { labelledRows } from './training-data';

type Rows = ReadonlyArray<ReadonlyArray<number | null>>;

describe(monotonicityViolations.name, () => {
  // Firm-months as training builds them, from a simulation the shipped model was not trained on.
  const rows = labelledRows(
    simulateTrajectories({ seed: 4242, firms: 180, months: 12, startMonth: '2025-01', deterioratingShare: 0.3 }),
    12,
  ).map((r) => r.x);
  const dishonest = MODEL_FEATURES.findIndex((s) => s.name === 'court_firm_dishonest');
  const increasing = FIXED_DIRECTIONS.map((f) => MODEL_FEATURES.findIndex((s) => s.name === f.feature));

  it('should have enough firm-months to sample 1,000', () => {
    expect(rows.length).toBeGreaterThanOrEqual(MONOTONICITY_SAMPLE);
  });

  it('should catch a model for which being a dishonest debtor lowers the risk', () => {
    const wrongSign = (rs: Rows) => Float32Array.from(rs, (r) => (r[dishonest] === 1 ? 0.1 : 0.2));
    const violations = monotonicityViolations(rows, wrongSign);
    expect(violations).toEqual([
      { feature: 'court_firm_dishonest', rows: MONOTONICITY_SAMPLE, worstDrop: expect.closeTo(0.1, 5) },
    ]);
    expect(new MonotonicityViolated(violations).message).toMatch(/court_firm_dishonest on 1000 rows/);
  });

  it('should pass a model that is constant in the fixed features', () => {
    expect(monotonicityViolations(rows, (rs) => new Float32Array(rs.length).fill(0.3))).toEqual([]);
  });

  it('should make an untrained network monotone by projecting its weights', () => {
    const width = MODEL_FEATURES.length;
    const norm = fitNormalisation(rows, width);
    const model = buildMlp(width, { ...DEFAULT_MLP, hidden: [16], seed: 3 });
    const predict = (rs: Rows) => predictMlp(model, designMatrix(rs, norm), rs.length, width);
    try {
      expect(monotonicityViolations(rows, predict).length).toBeGreaterThan(0); // random weights: some wrong signs
      projectMonotone(model, increasing);
      expect(monotonicityViolations(rows, predict)).toEqual([]);
    } finally {
      model.dispose();
    }
  });

  it('should declare only model inputs', () => {
    expect(increasing).not.toContain(-1);
  });

  it("should never lower the shipped model's probability when a fixed-direction feature turns unhealthy, on 1,000 sampled firm-months", async () => {
    const model = await RiskModel.loadActive();
    try {
      expect(monotonicityViolations(rows, (rs) => model.predictRows(rs))).toEqual([]);
    } finally {
      model.dispose();
    }
  });
});
