import type * as Tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelArtifactInvalid, ModelVersionNotFound } from '../scoring.errors';
import type { ModelMetadata } from './model-metadata';
import { tf } from './tf';

function concatWeightData(data: ArrayBuffer | ArrayBuffer[]): Buffer {
  return Array.isArray(data) ? Buffer.concat(data.map((b) => Buffer.from(b))) : Buffer.from(data);
}

/**
 * Save a layers model as model.json + weights.bin (the tfjs file layout) plus metadata.json,
 * through a custom save handler writing with node fs: `file://` needs tfjs-node.
 */
export async function saveModelFolder(model: Tf.LayersModel, dir: string, metadata: ModelMetadata): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await model.save(
    tf().io.withSaveHandler(async (artifacts) => {
      if (!artifacts.weightData || !artifacts.weightSpecs)
        throw new ModelArtifactInvalid(dir, 'the model produced no weights');
      const weights = concatWeightData(artifacts.weightData as ArrayBuffer | ArrayBuffer[]);
      writeFileSync(join(dir, 'weights.bin'), weights);
      const modelJson = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      writeFileSync(join(dir, 'model.json'), `${JSON.stringify(modelJson)}\n`);
      return {
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength },
      };
    }),
  );
  writeFileSync(join(dir, 'metadata.json'), `${JSON.stringify(metadata, null, 2)}\n`);
}

export async function loadModelFolder(dir: string): Promise<{ model: Tf.LayersModel; metadata: ModelMetadata }> {
  const paths = ['model.json', 'weights.bin', 'metadata.json'].map((f) => join(dir, f));
  if (!paths.every((p) => existsSync(p))) throw new ModelVersionNotFound(dir);
  const modelJson = JSON.parse(readFileSync(paths[0], 'utf8')) as {
    modelTopology: object;
    weightsManifest: Array<{ weights: Tf.io.WeightsManifestEntry[] }>;
  };
  const weights = readFileSync(paths[1]);
  const metadata = JSON.parse(readFileSync(paths[2], 'utf8')) as ModelMetadata;
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const model = await tf().loadLayersModel(
    tf().io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((m) => m.weights),
      weightData,
    }),
  );
  if (metadata.features.length !== (model.inputs[0].shape[1] ?? -1))
    throw new ModelArtifactInvalid(
      dir,
      `metadata lists ${metadata.features.length} features, the model takes ${model.inputs[0].shape[1]}`,
    );
  return { model, metadata };
}
