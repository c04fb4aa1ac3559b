import type { LogisticModel } from './logistic-baseline';
import type { FeatureReference } from './monitoring/drift';
import type { EvaluationMetrics } from './metrics';
import type { ModelFeatureSpec } from './model-features';

/** metadata.json of a model version: everything needed to serve, audit and reproduce it. */
export interface ModelMetadata {
  version: string;
  /** What it estimates. */
  target: string;
  architecture: {
    hidden: number[];
    output: 'logit';
    epochs: number;
    batchSize: number;
    learningRate: number;
    l2: number;
  };
  seed: number;
  features: Array<ModelFeatureSpec & { mean: number; std: number }>;
  data: {
    generator: string;
    firms: number;
    months: number;
    startMonth: string;
    /** Simulated: the share of deteriorating firms. From the database: the share of firms with an outcome. */
    deterioratingShare: number;
    asOfRange: [string, string];
    rows: { train: number; test: number; trainPositives: number; testPositives: number };
    firmsSplit: { train: number; test: number };
  };
  metrics: { model: EvaluationMetrics; baseline: EvaluationMetrics };
  baseline: LogisticModel;
  trainedAt: string;
  /** The training data's distribution of each input, for drift (PSI) monitoring; absent on models trained before it. */
  reference?: FeatureReference[];
  /** Trained from the bureau's stored history: the time split and the comparison report. */
  fromDatabase?: {
    knownUntil: string;
    horizonMonths: number;
    trainUntil: string;
    window: { from: string; to: string };
    lookAheadChecked: number;
  };
}
