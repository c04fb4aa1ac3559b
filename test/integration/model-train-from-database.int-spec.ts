import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { simulateTrajectories, type FirmTrajectory } from '../../src/ingest/simulator/firm-trajectory';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { computeFeatures } from '../../src/scoring/features/compute-features';
import { PointInTimeViolation } from '../../src/scoring/model/from-database/point-in-time';
import { registerCandidate } from '../../src/scoring/model/from-database/register-candidate';
import {
  DEFAULT_DATABASE_TRAIN,
  trainFromDatabase,
  type DatabaseTrainResult,
} from '../../src/scoring/model/from-database/train-from-database';
import { monthEndAfter } from '../../src/scoring/model/from-database/training-set';
import { RiskModel } from '../../src/scoring/model/risk-model';
import { disposeModel } from '../../src/scoring/model/train';
import { createTestDatabase } from '../support/database';
import { storeSimulatedHistory } from '../support/model-history';

const OPTIONS = { ...DEFAULT_DATABASE_TRAIN, seed: 7, lookAheadCheckShare: 1, mlp: { epochs: 4 } };

/** The rows of the test window, counted from the simulation itself: not yet distressed, horizon observed. */
function expectedWindow(
  trajectories: readonly FirmTrajectory[],
  window: { from: string; to: string },
): { rows: number; positives: number } {
  let rows = 0;
  let positives = 0;
  for (const t of trajectories) {
    const d = t.firm.distressMonth;
    for (const m of t.months) {
      if (m.periodEnd < window.from || m.periodEnd > window.to || (d !== null && d <= m.month)) continue;
      rows += 1;
      if (d !== null && d <= m.month + 3) positives += 1;
    }
  }
  return { rows, positives };
}

describe('train-from-database', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let trajectories: FirmTrajectory[];
  let served: RiskModel;
  let trained: DatabaseTrainResult;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(db.url)).initialize();
    trajectories = simulateTrajectories({
      seed: 11,
      firms: 240,
      months: 24,
      startMonth: '2024-01',
      deterioratingShare: 0.35,
    });
    await storeSimulatedHistory(dataSource, trajectories);
    served = await RiskModel.loadActive();
    trained = await trainFromDatabase(dataSource, served, OPTIONS);
  }, 240_000);

  afterAll(async () => {
    if (trained) disposeModel(trained.model);
    served?.dispose();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('should compute the metrics of the candidate, the served model and the baseline on the later window only', () => {
    const r = trained.report;
    // The data end 2025-12; outcomes are known to the last receipt (early 2026): the last feature date with its 3 months observed is 2025-09-30.
    expect(r.window).toEqual({ from: '2025-04-30', to: '2025-09-30' });
    // Training rows' horizons all end before the window starts.
    expect(r.trainUntil < r.window.from).toBe(true);
    expect(monthEndAfter(r.trainUntil, r.horizonMonths) < r.window.from).toBe(true);
    const expected = expectedWindow(trajectories, r.window);
    expect(expected.positives).toBeGreaterThan(5);
    for (const m of [r.metrics.candidate, r.metrics.current!, r.metrics.baseline]) {
      expect(m.rows).toBe(expected.rows);
      expect(m.positives).toBe(expected.positives);
      expect(m.rocAuc).toBeGreaterThan(0.5);
    }
    expect(r.rows.test).toBe(expected.rows);
    expect(r.currentVersion).toBe(served.version);
    // Every row was recomputed with the future added (share 1), including those between training and the window.
    expect(r.lookAheadChecked).toBeGreaterThanOrEqual(r.rows.train + r.rows.test);
    expect(trained.metadata.reference).toHaveLength(trained.metadata.features.length);
  });

  it('should register the candidate without serving it, with a comparison report a promotion can cite', async () => {
    const root = mkdtempSync(join(tmpdir(), 'models-'));
    const { reportId, dir } = await registerCandidate(dataSource, root, trained);
    const [row] = await dataSource.query(
      `SELECT candidate_version, monotone, to_char(window_from, 'YYYY-MM-DD') AS "from" FROM model_comparisons WHERE id = $1`,
      [reportId],
    );
    expect(row).toEqual({ candidate_version: trained.metadata.version, monotone: true, from: '2025-04-30' });
    expect(readFileSync(join(dir, 'EVALUATION.md'), 'utf8')).toContain(reportId);
    const loaded = await RiskModel.load(dir);
    expect(loaded.metadata.reference?.[0].name).toBe('kind_p2p_lending');
    loaded.dispose();
    await expect(RiskModel.loadActive(root)).rejects.toThrow(); // registered, not active
  });

  it('should refuse to build rows when a feature is computed from data after the feature date', async () => {
    // A defective feature: counts every court case the firm will ever have.
    const leaky = (h: Parameters<typeof computeFeatures>[0], asOf: string) => ({
      ...computeFeatures(h, asOf),
      court_cases_180d: h.court.length,
    });
    const failure = await trainFromDatabase(dataSource, null, { ...OPTIONS, features: leaky }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PointInTimeViolation);
    expect((failure as PointInTimeViolation).features).toEqual(['court_cases_180d']);
  });
});
