import type * as Tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FirmKind } from '../../firms/firm.entity';
import type { FeatureVector } from '../features/feature-vector';
import type { ModelContribution } from '../grading/composite-score';
import { ModelVersionNotFound } from '../scoring.errors';
import { denseForward, denseInputGradients, extractDenseLayers, type DenseLayer } from './dense-forward';
import { designMatrix, featureMatrix, kindInputs, writeFeatureRow, type ModelFeatureSpec } from './model-features';
import type { ModelMetadata } from './model-metadata';
import { loadModelFolder } from './model-io';
import { tf } from './tf';

/** The folder of committed model versions; `active.json` there names the served one. */
export const MODEL_ARTIFACTS_DIR = join(__dirname, 'artifacts');

/** Serves one model version: batched probabilities and per-firm top contributions. */
export class RiskModel {
  private readonly specs: ModelFeatureSpec[];
  private readonly norm: { mean: number[]; std: number[] };
  private readonly dense: DenseLayer[] | null;
  private readonly kindOf: Array<string | null>;

  private constructor(
    private readonly model: Tf.LayersModel,
    readonly metadata: ModelMetadata,
  ) {
    this.specs = metadata.features.map(({ name, transform }) => ({ name, transform }));
    this.norm = { mean: metadata.features.map((f) => f.mean), std: metadata.features.map((f) => f.std) };
    this.dense = extractDenseLayers(model);
    this.kindOf = kindInputs(this.specs);
  }

  get version(): string {
    return this.metadata.version;
  }

  static async load(dir: string): Promise<RiskModel> {
    const { model, metadata } = await loadModelFolder(dir);
    return new RiskModel(model, metadata);
  }

  /** The version named in `<root>/active.json` ({"version": "v1-..."}). */
  static async loadActive(root: string = MODEL_ARTIFACTS_DIR): Promise<RiskModel> {
    const pointer = join(root, 'active.json');
    if (!existsSync(pointer)) throw new ModelVersionNotFound(root);
    const { version } = JSON.parse(readFileSync(pointer, 'utf8')) as { version: string };
    return RiskModel.load(join(root, version));
  }

  private matrix(vectors: readonly FeatureVector[], kinds?: readonly FirmKind[]): Float32Array {
    return featureMatrix(vectors, this.specs, this.norm, kinds);
  }

  /** An input matrix for `rows` vectors, to be filled row by row with writeInput. */
  inputMatrix(rows: number): Float32Array {
    return new Float32Array(rows * this.specs.length);
  }

  /** Row `row` of an input matrix (standardised model inputs) from one firm's vector. */
  writeInput(vector: FeatureVector, kind: FirmKind | undefined, x: Float32Array, row: number): void {
    writeFeatureRow(vector, kind, this.specs, this.norm, this.kindOf, x, row);
  }

  /** The same probabilities computed by TF.js itself (the reference for the fast path). */
  predictWithTf(vectors: readonly FeatureVector[], kinds?: readonly FirmKind[]): Float32Array {
    const t = tf();
    const x = this.matrix(vectors, kinds);
    return t.tidy(
      () =>
        t
          .sigmoid(this.model.predict(t.tensor2d(x, [vectors.length, this.specs.length])) as Tf.Tensor)
          .dataSync() as Float32Array,
    );
  }

  /**
   * Probability of distress within 90 days for each vector, in one batched forward pass. The
   * firm kind of each vector comes from `kinds`, or from kind_* entries (see withKind).
   */
  predict(vectors: readonly FeatureVector[], kinds?: readonly FirmKind[]): Float32Array {
    if (vectors.length === 0) return new Float32Array(0);
    if (!this.dense) return this.predictWithTf(vectors, kinds);
    return denseForward(this.dense, this.matrix(vectors, kinds), vectors.length);
  }

  /** Probabilities for model-input rows (transformed, not standardised), as training builds them. */
  predictRows(rows: ReadonlyArray<ReadonlyArray<number | null>>): Float32Array {
    if (rows.length === 0) return new Float32Array(0);
    const x = designMatrix(rows, this.norm);
    if (this.dense) return denseForward(this.dense, x, rows.length);
    const t = tf();
    return t.tidy(
      () =>
        t
          .sigmoid(this.model.predict(t.tensor2d(x, [rows.length, this.specs.length])) as Tf.Tensor)
          .dataSync() as Float32Array,
    );
  }

  /**
   * Top contributions per vector by gradient × input on the logit: input j standardised is its
   * distance from the training mean, so a contribution says how far that feature moves the
   * log-odds away from an average firm's. One backward pass for the whole batch (rows are
   * independent, so the gradient of the summed logits is each row's own gradient). For a plain
   * dense MLP the same gradient is backpropagated in TypeScript (dense-forward.ts), faster.
   */
  explain(vectors: readonly FeatureVector[], topK = 5, kinds?: readonly FirmKind[]): ModelContribution[][] {
    return this.predictAndExplain(vectors, topK, kinds).contributions;
  }

  /**
   * Probabilities and top contributions together: one feature matrix and, on the dense fast path,
   * one forward pass (the backward pass needs it anyway). A re-score calls this, not both.
   */
  predictAndExplain(
    vectors: readonly FeatureVector[],
    topK = 5,
    kinds?: readonly FirmKind[],
  ): { probabilities: Float32Array; contributions: ModelContribution[][] } {
    if (vectors.length === 0) return { probabilities: new Float32Array(0), contributions: [] };
    return this.predictAndExplainInputs(this.matrix(vectors, kinds), vectors, topK, kinds);
  }

  /** predictAndExplain over an input matrix already filled (inputMatrix + writeInput) from `vectors`. */
  predictAndExplainInputs(
    x: Float32Array,
    vectors: readonly FeatureVector[],
    topK = 5,
    kinds?: readonly FirmKind[],
  ): { probabilities: Float32Array; contributions: ModelContribution[][] } {
    if (vectors.length === 0) return { probabilities: new Float32Array(0), contributions: [] };
    const width = this.specs.length;
    let probabilities: Float32Array;
    let grads: Float32Array;
    if (this.dense) {
      probabilities = new Float32Array(vectors.length);
      grads = denseInputGradients(this.dense, x, vectors.length, probabilities);
    } else {
      const t = tf();
      probabilities = t.tidy(
        () =>
          t.sigmoid(this.model.predict(t.tensor2d(x, [vectors.length, width])) as Tf.Tensor).dataSync() as Float32Array,
      );
      grads = t.tidy(() => {
        const input = t.tensor2d(x, [vectors.length, width]);
        const g = t.grad((inp: Tf.Tensor) => (this.model.apply(inp) as Tf.Tensor).sum())(input);
        return g.dataSync() as Float32Array;
      });
    }
    // The top K by |contribution| picked by insertion (K is small), objects made for those only;
    // each row's contributions computed once into a scratch row, not again at every comparison.
    const row = new Float64Array(width);
    const top: number[] = [];
    const contributions = vectors.map((v, i) => {
      for (let j = 0; j < width; j += 1) row[j] = grads[i * width + j] * x[i * width + j];
      top.length = 0;
      for (let j = 0; j < width; j += 1) {
        const c = Math.abs(row[j]);
        if (c === 0 || (top.length === topK && c <= Math.abs(row[top[topK - 1]]))) continue;
        let at = top.length < topK ? top.length : topK - 1;
        while (at > 0 && Math.abs(row[top[at - 1]]) < c) at -= 1;
        top.splice(at, 0, j);
        if (top.length > topK) top.pop();
      }
      return top.map((j): ModelContribution => {
        const name = this.specs[j].name;
        return {
          feature: name,
          value: v[name] ?? (kinds && name.startsWith('kind_') ? name === `kind_${kinds[i]}` : null),
          contribution: row[j],
        };
      });
    });
    return { probabilities, contributions };
  }

  dispose(): void {
    this.model.dispose();
  }
}
