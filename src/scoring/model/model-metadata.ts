import type { LogisticModel } from './logistic-baseline';
import type { EvaluationMetrics } from './metrics';
import type { ModelFeatureSpec } from './model-features';

/** metadata.json of a model version: everything needed to serve, audit and reproduce it. */
export interface ModelMetadata {
  version: string;
  /** What it estimates. */
  target: string;
  architecture: { hidden: number[]; output: 'logit'; epochs: number; batchSize: number; learningRate: number; l2: number };
  seed: number;
  features: Array<ModelFeatureSpec & { mean: number; std: number }>;
  data: {
    generator: string;
    firms: number;
    months: number;
    startMonth: string;
    deterioratingShare: number;
    asOfRange: [string, string];
    rows: { train: number; test: number; trainPositives: number; testPositives: number };
    firmsSplit: { train: number; test: number };
  };
  metrics: { model: EvaluationMetrics; baseline: EvaluationMetrics };
  baseline: LogisticModel;
  trainedAt: string;
}
