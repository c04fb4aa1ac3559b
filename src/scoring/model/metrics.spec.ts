import { averagePrecision, evaluate, rocAuc } from './metrics';

describe('metrics', () => {
  it('should compute ROC AUC with ties and average precision', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBeCloseTo(0.5);
    expect(averagePrecision([0.9, 0.8, 0.7], [1, 0, 1])).toBeCloseTo((1 + 2 / 3) / 2);
  });

  it('should report precision at k and ten calibration bins', () => {
    const scores = Array.from({ length: 100 }, (_, i) => i / 100);
    const labels = scores.map((s) => (s >= 0.9 ? 1 : 0));
    const m = evaluate(scores, labels, [10]);
    expect(m.precisionAtK).toEqual([{ k: 10, precision: 1 }]);
    expect(m.calibration).toHaveLength(10);
    expect(m.calibration[9]).toMatchObject({ rows: 10, observedRate: 1 });
  });
});
