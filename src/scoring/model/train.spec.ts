import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeFeatures } from '../features/compute-features';
import { firmHistory, p2pReport } from '../features/firm-history.factory';
import { saveModelFolder } from './model-io';
import { withKind } from './model-features';
import { RiskModel } from './risk-model';
import { DEFAULT_TRAIN, disposeModel, trainDistressModel } from './train';

/** The held-out ROC AUC the README promises on the generator's data. */
const DOCUMENTED_MIN_AUC = 0.85;

describe('trainDistressModel', () => {
  const small = { ...DEFAULT_TRAIN, firms: 160, months: 18, seed: 7, mlp: { epochs: 3 } };

  it('should be deterministic for a seed: identical weights and metrics twice', async () => {
    const a = await trainDistressModel(small);
    const b = await trainDistressModel(small);
    expect(b.metadata.version).toBe(a.metadata.version); // the version is a hash of the weights
    expect(b.metadata.metrics).toEqual(a.metadata.metrics);
    expect(Array.from(b.testPredictions.model)).toEqual(Array.from(a.testPredictions.model));
    const c = await trainDistressModel({ ...small, seed: 8 });
    expect(c.metadata.version).not.toBe(a.metadata.version);
    [a, b, c].forEach((r) => disposeModel(r.model));
  });

  it(`should reach the documented held-out ROC AUC (≥ ${DOCUMENTED_MIN_AUC}) and save, load and serve the version`, async () => {
    const result = await trainDistressModel({ ...DEFAULT_TRAIN, firms: 400, seed: 11 });
    const { model: m, baseline } = result.metadata.metrics;
    expect(m.rocAuc).toBeGreaterThanOrEqual(DOCUMENTED_MIN_AUC);
    expect(baseline.rocAuc).toBeGreaterThanOrEqual(DOCUMENTED_MIN_AUC);
    expect(m.prAuc).toBeGreaterThan(m.positives / m.rows); // better than the base rate
    const dir = mkdtempSync(join(tmpdir(), 'risk-model-'));
    try {
      await saveModelFolder(result.model, dir, result.metadata);
      expect(
        statSync(join(dir, 'weights.bin')).size +
          statSync(join(dir, 'model.json')).size +
          statSync(join(dir, 'metadata.json')).size,
      ).toBeLessThan(200_000);
      const served = await RiskModel.load(dir);
      expect(served.version).toBe(result.metadata.version);
      const healthy = withKind(computeFeatures(firmHistory('p2p_lending'), '2026-07-10'), 'p2p_lending');
      const running = withKind(
        computeFeatures(
          firmHistory('p2p_lending', [
            p2pReport({ withdrawalDelayMaxDays: 10, payouts: '60000000.00', newLenderCount: 100 }, '2026-06-30'),
          ]),
          '2026-07-10',
        ),
        'p2p_lending',
      );
      const [pHealthy, pRunning] = served.predict([healthy, running]);
      // The plain-TS dense forward pass serves the same numbers as TF.js.
      const reference = served.predictWithTf([healthy, running]);
      expect(pHealthy).toBeCloseTo(reference[0], 5);
      expect(pRunning).toBeCloseTo(reference[1], 5);
      expect(pHealthy).toBeGreaterThanOrEqual(0);
      expect(pRunning).toBeLessThanOrEqual(1);
      // Monotone in the payout delay: the running platform is never the safer one.
      expect(pRunning).toBeGreaterThanOrEqual(pHealthy);
      const [explainHealthy] = served.explain([healthy], 3);
      expect(explainHealthy.length).toBeLessThanOrEqual(3);
      expect(explainHealthy[0]).toEqual(
        expect.objectContaining({ feature: expect.any(String), contribution: expect.any(Number) }),
      );
      served.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      disposeModel(result.model);
    }
  });
});
