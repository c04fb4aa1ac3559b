import type * as Tf from '@tensorflow/tfjs';
import type { DataSource } from 'typeorm';
import type { IsoDate } from '../../../ingest/schemas/records';
import { computeFeatures } from '../../features/compute-features';
import { firstOutcomeDates } from '../../outcomes/outcome';
import { FIXED_DIRECTIONS, MonotonicityViolated, monotonicityViolations } from '../fixed-directions';
import { fitLogistic, predictLogistic } from '../logistic-baseline';
import { evaluate, type EvaluationMetrics } from '../metrics';
import { buildMlp, DEFAULT_MLP, predictMlp, trainMlp, type MlpOptions } from '../mlp';
import { designMatrix, MODEL_FEATURES, trainTestMatrices } from '../model-features';
import { modelShape, modelVersion } from '../model-identity';
import type { ModelMetadata } from '../model-metadata';
import { featureReferences } from '../monitoring/drift';
import type { RiskModel } from '../risk-model';
import type { LabelledRow } from '../training-data';
import { HORIZON_MONTHS, WARM_UP_MONTHS } from '../training-data';
import type { FeatureFunction } from './point-in-time';
import { firmStores, marketsKnownAt, storedFirms, storedSpan } from './stored-history';
import { buildRows, monthEndAfter, monthEnds, splitByTime } from './training-set';

export interface DatabaseTrainOptions {
  seed: number;
  /** Latest feature dates scored as the test window. */
  testMonths: number;
  horizonMonths: number;
  /** Outcomes known up to this day; default the last day anything was received. */
  knownUntil?: IsoDate;
  /** Share of rows recomputed with the future added (the look-ahead check); 1 in tests. */
  lookAheadCheckShare: number;
  batchFirms: number;
  mlp?: Partial<Omit<MlpOptions, 'seed'>>;
  /** The feature computation (computeFeatures); replaceable to show the check catches a look-ahead. */
  features?: FeatureFunction;
  onProgress?: (message: string) => void;
}

export const DEFAULT_DATABASE_TRAIN: Omit<DatabaseTrainOptions, 'seed'> = {
  testMonths: 6,
  horizonMonths: HORIZON_MONTHS,
  lookAheadCheckShare: 0.02,
  batchFirms: 500,
};

/** The comparison report a promotion must cite: candidate, served model and baseline on the same later window. */
export interface ComparisonReport {
  candidateVersion: string;
  currentVersion: string | null;
  window: { from: IsoDate; to: IsoDate };
  trainUntil: IsoDate;
  horizonMonths: number;
  knownUntil: IsoDate;
  rows: { train: number; test: number; trainPositives: number; testPositives: number; firms: number };
  metrics: { candidate: EvaluationMetrics; current: EvaluationMetrics | null; baseline: EvaluationMetrics };
  /** Why the served model was not scored on the window (its inputs differ), when it was not. */
  currentSkipped?: string;
  monotone: { features: number; sampledRows: number; violations: [] };
  lookAheadChecked: number;
  timings: { buildRowsMs: number; fitMs: number; firmMonths: number };
}

export interface DatabaseTrainResult {
  model: Tf.Sequential;
  metadata: ModelMetadata;
  report: ComparisonReport;
  /** Up to 1,000 training rows (model inputs) the promotion re-checks monotonicity on. */
  checkRows: Array<Array<number | null>>;
}

/**
 * Train from the bureau's stored history: features as the bureau knew them at each month end
 * (point-in-time, checked), labels from the outcomes in the horizon after, split by time, the
 * candidate, the served model and the logistic baseline scored on the latest window only.
 */
export async function trainFromDatabase(
  db: DataSource,
  current: RiskModel | null,
  options: DatabaseTrainOptions,
): Promise<DatabaseTrainResult> {
  const say = options.onProgress ?? (() => undefined);
  const features = options.features ?? computeFeatures;
  const span = await storedSpan(db);
  if (!span.first || !span.last || !span.lastReceived) throw new Error('no stored records to train from');
  const knownUntil = options.knownUntil ?? span.lastReceived;
  // Feature dates whose whole horizon has been observed: a later date would see only the outcomes
  // that already happened, never its negatives.
  const dates = monthEnds(
    monthEndAfter(span.first, WARM_UP_MONTHS),
    span.last < knownUntil ? span.last : knownUntil,
  ).filter((d) => monthEndAfter(d, options.horizonMonths) <= knownUntil);
  const firms = await storedFirms(db);
  const outcomes: Array<{ firmId: string; occurredOn: IsoDate }> = await db.query(
    `SELECT firm_id AS "firmId", to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn" FROM firm_outcomes WHERE occurred_on <= $1`,
    [knownUntil],
  );
  const firstOutcome = firstOutcomeDates(outcomes);
  say(
    `${firms.length} firms, ${dates.length} feature dates ${dates[0]} to ${dates[dates.length - 1]}, outcomes known until ${knownUntil} (${firstOutcome.size} firms with one)`,
  );

  const started = Date.now();
  const market = await marketsKnownAt(db, firms, dates);
  const rows: LabelledRow[] = [];
  let lookAheadChecked = 0;
  for (let i = 0; i < firms.length; i += options.batchFirms) {
    const stores = await firmStores(db, firms.slice(i, i + options.batchFirms));
    const built = buildRows(stores, {
      dates,
      firstOutcome,
      horizonMonths: options.horizonMonths,
      knownUntil,
      market,
      features,
      lookAheadCheckShare: options.lookAheadCheckShare,
      seed: options.seed + i,
    });
    for (const r of built.rows) rows.push(r);
    lookAheadChecked += built.checked;
    say(`features: ${Math.min(firms.length, i + options.batchFirms)}/${firms.length} firms, ${rows.length} rows`);
  }
  const buildRowsMs = Date.now() - started;

  const { train, test, window } = splitByTime(rows, options.testMonths, options.horizonMonths);
  const trainUntil = train.reduce((m, r) => (r.asOf > m ? r.asOf : m), '');
  const width = MODEL_FEATURES.length;
  const { norm, xTrain, yTrain, xTest, yTest } = trainTestMatrices(train, test);
  const positives = (y: Uint8Array) => y.reduce((a, b) => a + b, 0);
  say(
    `train: ${train.length} rows up to ${trainUntil} (${positives(yTrain)} positive); test window ${window.from} to ${window.to}: ${test.length} rows (${positives(yTest)} positive)`,
  );
  if (positives(yTrain) === 0 || positives(yTest) === 0)
    throw new Error('no outcome in the training rows or in the test window: nothing to learn or to score');

  const fitStarted = Date.now();
  const baseline = fitLogistic(xTrain, yTrain, width);
  const mlpOptions: MlpOptions = { ...DEFAULT_MLP, ...options.mlp, seed: options.seed };
  const model = buildMlp(width, mlpOptions);
  const increasing = FIXED_DIRECTIONS.map((f) => MODEL_FEATURES.findIndex((s) => s.name === f.feature));
  await trainMlp(
    model,
    xTrain,
    yTrain,
    width,
    mlpOptions,
    (epoch, loss) => say(`epoch ${epoch}/${mlpOptions.epochs} loss ${loss.toFixed(4)}`),
    increasing,
  );
  const fitMs = Date.now() - fitStarted;
  const predictCandidate = (r: ReadonlyArray<ReadonlyArray<number | null>>) =>
    predictMlp(model, designMatrix(r, norm), r.length, width);
  const violations = monotonicityViolations(
    train.map((r) => r.x),
    predictCandidate,
    options.seed,
  );
  if (violations.length > 0) {
    model.dispose();
    throw new MonotonicityViolated(violations);
  }

  const sameInputs =
    current !== null &&
    current.metadata.features.length === width &&
    current.metadata.features.every((f, j) => f.name === MODEL_FEATURES[j].name);
  const metrics = {
    candidate: evaluate(predictMlp(model, xTest, test.length, width), yTest),
    current: sameInputs ? evaluate(current.predictRows(test.map((r) => r.x)), yTest) : null,
    baseline: evaluate(predictLogistic(baseline, xTest, test.length), yTest),
  };

  const version = modelVersion(model);
  const report: ComparisonReport = {
    candidateVersion: version,
    currentVersion: current?.version ?? null,
    window,
    trainUntil,
    horizonMonths: options.horizonMonths,
    knownUntil,
    rows: {
      train: train.length,
      test: test.length,
      trainPositives: positives(yTrain),
      testPositives: positives(yTest),
      firms: firms.length,
    },
    metrics,
    ...(current && !sameInputs ? { currentSkipped: `the served model ${current.version} takes other inputs` } : {}),
    monotone: { features: FIXED_DIRECTIONS.length, sampledRows: Math.min(1000, train.length), violations: [] },
    lookAheadChecked,
    timings: { buildRowsMs, fitMs, firmMonths: firms.length * dates.length },
  };
  const metadata: ModelMetadata = {
    version,
    target: `probability of an outcome (licence revoked, run, payout stop, case filed, exit) within ${options.horizonMonths} months after the feature date`,
    ...modelShape(mlpOptions, norm),
    seed: options.seed,
    data: {
      generator: 'ingest_records and firm_outcomes (npm run train -- --from-database)',
      firms: firms.length,
      months: dates.length,
      startMonth: dates[0].slice(0, 7),
      deterioratingShare: firms.length ? firstOutcome.size / firms.length : 0,
      asOfRange: [rows.reduce((m, r) => (r.asOf < m ? r.asOf : m), window.to), window.to],
      rows: {
        train: train.length,
        test: test.length,
        trainPositives: report.rows.trainPositives,
        testPositives: report.rows.testPositives,
      },
      firmsSplit: { train: new Set(train.map((r) => r.firm)).size, test: new Set(test.map((r) => r.firm)).size },
    },
    metrics: { model: metrics.candidate, baseline: metrics.baseline },
    baseline,
    trainedAt: new Date().toISOString(),
    reference: featureReferences(
      train.map((r) => r.x),
      MODEL_FEATURES,
    ),
    fromDatabase: { knownUntil, horizonMonths: options.horizonMonths, trainUntil, window, lookAheadChecked },
  };
  const checkRows = train
    .filter((_, i) => i % Math.max(1, Math.floor(train.length / 1000)) === 0)
    .slice(0, 1000)
    .map((r) => [...r.x]);
  return { model, metadata, report, checkRows };
}
