import type * as Tf from '@tensorflow/tfjs';
import { simulateTrajectories } from '../../ingest/simulator/firm-trajectory';
import { fitLogistic, predictLogistic } from './logistic-baseline';
import {
  FIXED_DIRECTIONS,
  MONOTONICITY_SAMPLE,
  MonotonicityViolated,
  monotonicityViolations,
} from './fixed-directions';
import { evaluate } from './metrics';
import { buildMlp, DEFAULT_MLP, predictMlp, trainMlp, type MlpOptions } from './mlp';
import { designMatrix, MODEL_FEATURES, trainTestMatrices } from './model-features';
import { modelShape, modelVersion } from './model-identity';
import type { ModelMetadata } from './model-metadata';
import { seededRng, shuffled } from './seeded-rng';
import { HORIZON_MONTHS, labelledRows, type LabelledRow } from './training-data';
import { tf } from './tf';

export interface TrainOptions {
  seed: number;
  firms: number;
  months: number;
  startMonth: string;
  deterioratingShare: number;
  /** Share of FIRMS (not rows) held out for evaluation. */
  testShare: number;
  mlp?: Partial<Omit<MlpOptions, 'seed'>>;
  /** Train without the monotonicity projection (to show the check catches a wrong sign); the check still runs. */
  unconstrained?: boolean;
  onProgress?: (message: string) => void;
}

export const DEFAULT_TRAIN: Omit<TrainOptions, 'seed'> = {
  firms: 1000,
  months: 24,
  startMonth: '2024-01',
  deterioratingShare: 0.3,
  testShare: 0.25,
};

export interface TrainResult {
  model: Tf.Sequential;
  metadata: ModelMetadata;
  testPredictions: { model: Float32Array; baseline: Float32Array; labels: Uint8Array };
}

/** Held-out firms are drawn by firm so that no firm has rows on both sides. */
function splitByFirm(
  rows: readonly LabelledRow[],
  testShare: number,
  seed: number,
): { train: LabelledRow[]; test: LabelledRow[]; trainFirms: number; testFirms: number } {
  const firms = [...new Set(rows.map((r) => r.firm))].sort();
  const order = shuffled(firms, seededRng(seed));
  const test = new Set(order.slice(0, Math.round(order.length * testShare)));
  return {
    train: rows.filter((r) => !test.has(r.firm)),
    test: rows.filter((r) => test.has(r.firm)),
    trainFirms: firms.length - test.size,
    testFirms: test.size,
  };
}

/** Simulate, build the labelled rows, fit the baseline and the MLP, evaluate both on held-out firms. */
export async function trainDistressModel(options: TrainOptions): Promise<TrainResult> {
  const say = options.onProgress ?? (() => undefined);
  const mlpOptions: MlpOptions = { ...DEFAULT_MLP, ...options.mlp, seed: options.seed };
  say(`simulating ${options.firms} firms × ${options.months} months (seed ${options.seed})`);
  const trajectories = simulateTrajectories({
    seed: options.seed,
    firms: options.firms,
    months: options.months,
    startMonth: options.startMonth,
    deterioratingShare: options.deterioratingShare,
  });
  let lastShown = 0;
  const rows = labelledRows(trajectories, options.months, (done, total) => {
    if (done === total || done - lastShown >= Math.ceil(total / 10)) {
      lastShown = done;
      say(`features: ${done}/${total} firms`);
    }
  });
  const { train, test, trainFirms, testFirms } = splitByFirm(rows, options.testShare, options.seed);
  const width = MODEL_FEATURES.length;
  const { norm, xTrain, yTrain, xTest, yTest } = trainTestMatrices(train, test);
  say(
    `rows: train ${train.length} (${yTrain.reduce((a, b) => a + b, 0)} positive), test ${test.length} (${yTest.reduce((a, b) => a + b, 0)} positive)`,
  );

  say('fitting the logistic baseline');
  const baseline = fitLogistic(xTrain, yTrain, width);
  const baselineTest = predictLogistic(baseline, xTest, test.length);

  const model = buildMlp(width, mlpOptions);
  const increasing = FIXED_DIRECTIONS.map((f) => MODEL_FEATURES.findIndex((s) => s.name === f.feature));
  await trainMlp(
    model,
    xTrain,
    yTrain,
    width,
    mlpOptions,
    (epoch, loss) => say(`epoch ${epoch}/${mlpOptions.epochs} loss ${loss.toFixed(4)}`),
    options.unconstrained ? [] : increasing,
  );
  const modelTest = predictMlp(model, xTest, test.length, width);

  // Fail rather than ship a model that says a dishonest debtor is safer (1,000 sampled firm-months).
  const violations = monotonicityViolations(
    train.map((r) => r.x),
    (rows) => predictMlp(model, designMatrix(rows, norm), rows.length, width),
    options.seed,
  );
  if (violations.length > 0) {
    model.dispose();
    throw new MonotonicityViolated(violations);
  }
  say(
    `monotone in ${FIXED_DIRECTIONS.length} fixed-direction features on ${Math.min(MONOTONICITY_SAMPLE, train.length)} sampled rows`,
  );

  const asOfs = rows.map((r) => r.asOf).sort();
  const metadata: ModelMetadata = {
    version: modelVersion(model),
    target: `probability of distress (run, payout stop, closure, licence revoked) within ${HORIZON_MONTHS} months (≈ 90 days) after the feature date`,
    ...modelShape(mlpOptions, norm),
    seed: options.seed,
    data: {
      generator: 'src/ingest/simulator/firm-trajectory.ts simulateTrajectories',
      firms: options.firms,
      months: options.months,
      startMonth: options.startMonth,
      deterioratingShare: options.deterioratingShare,
      asOfRange: [asOfs[0] ?? '', asOfs[asOfs.length - 1] ?? ''],
      rows: {
        train: train.length,
        test: test.length,
        trainPositives: yTrain.reduce((a, b) => a + b, 0),
        testPositives: yTest.reduce((a, b) => a + b, 0),
      },
      firmsSplit: { train: trainFirms, test: testFirms },
    },
    metrics: { model: evaluate(modelTest, yTest), baseline: evaluate(baselineTest, yTest) },
    baseline,
    trainedAt: new Date().toISOString(),
  };
  return { model, metadata, testPredictions: { model: modelTest, baseline: baselineTest, labels: yTest } };
}

/** Free the tensors of a trained model (specs train several). */
export function disposeModel(model: Tf.LayersModel): void {
  model.dispose();
  tf().disposeVariables();
}
