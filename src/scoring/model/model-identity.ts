import type * as Tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import type { MlpOptions } from './mlp';
import { MODEL_FEATURES, type Normalisation } from './model-features';
import type { ModelMetadata } from './model-metadata';

/** A trained network's version: its weights' hash, so the same weights always carry the same name. */
export function modelVersion(model: Tf.LayersModel): string {
  const weights = createHash('sha256');
  for (const w of model.getWeights()) weights.update(Buffer.from((w.dataSync() as Float32Array).buffer));
  return `v1-${weights.digest('hex').slice(0, 10)}`;
}

/** What serving needs to rebuild the network's inputs and shape, whichever data trained it. */
export function modelShape(mlp: MlpOptions, norm: Normalisation): Pick<ModelMetadata, 'architecture' | 'features'> {
  return {
    architecture: {
      hidden: mlp.hidden,
      output: 'logit',
      epochs: mlp.epochs,
      batchSize: mlp.batchSize,
      learningRate: mlp.learningRate,
      l2: mlp.l2,
    },
    features: MODEL_FEATURES.map((f, j) => ({ ...f, mean: norm.mean[j], std: norm.std[j] })),
  };
}
