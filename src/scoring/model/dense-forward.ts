import type * as Tf from '@tensorflow/tfjs';

/** One dense layer's weights, copied out of a TF.js model for the serving fast path. */
export interface DenseLayer {
  inputs: number;
  units: number;
  kernel: Float32Array; // row-major inputs × units
  bias: Float32Array;
  relu: boolean;
}

/**
 * The layers of an MLP of dense relu/linear layers, or null for any other architecture (then the
 * caller uses TF.js). Why: the pure-JS CPU backend's matMul runs ~15x slower than this loop for
 * our 36×16×1 net, which decides whether a 10,000-firm re-score fits in 2 s.
 */
export function extractDenseLayers(model: Tf.LayersModel): DenseLayer[] | null {
  const out: DenseLayer[] = [];
  for (const layer of model.layers) {
    const config = layer.getConfig() as { activation?: string; useBias?: boolean };
    if (layer.getClassName() !== 'Dense' || !['relu', 'linear'].includes(config.activation ?? 'linear')) return null;
    const [kernel, bias] = layer.getWeights();
    const [inputs, units] = kernel.shape as [number, number];
    out.push({
      inputs,
      units,
      kernel: kernel.dataSync() as Float32Array,
      bias: bias ? (bias.dataSync() as Float32Array) : new Float32Array(units),
      relu: config.activation === 'relu',
    });
  }
  return out.length > 0 ? out : null;
}

/** Forward pass to the logit of each row, then the sigmoid. */
export function denseForward(layers: readonly DenseLayer[], x: Float32Array, rows: number): Float32Array {
  let input = x;
  for (const layer of layers) {
    const { inputs, units, kernel, bias, relu } = layer;
    const output = new Float32Array(rows * units);
    for (let i = 0; i < rows; i += 1) {
      const xo = i * inputs;
      const oo = i * units;
      for (let u = 0; u < units; u += 1) output[oo + u] = bias[u];
      for (let k = 0; k < inputs; k += 1) {
        const xv = input[xo + k];
        if (xv === 0) continue;
        const ko = k * units;
        for (let u = 0; u < units; u += 1) output[oo + u] += xv * kernel[ko + u];
      }
      if (relu) for (let u = 0; u < units; u += 1) if (output[oo + u] < 0) output[oo + u] = 0;
    }
    input = output;
  }
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i += 1) out[i] = 1 / (1 + Math.exp(-input[i]));
  return out;
}

/**
 * Gradient of each row's logit with respect to its inputs, by backpropagation through the dense
 * layers (relu' = 1 where the unit was active). Row-major rows × inputs. When `probabilities` is
 * given, the forward pass this needs also fills in each row's sigmoid (no second forward pass).
 */
export function denseInputGradients(
  layers: readonly DenseLayer[],
  x: Float32Array,
  rows: number,
  probabilities?: Float32Array,
): Float32Array {
  const width = layers[0].inputs;
  const grads = new Float32Array(rows * width);
  // Scratch buffers made once, not per row: per-row typed arrays were most of this pass's time.
  const outputs = layers.map((layer) => new Float32Array(layer.units));
  const widest = Math.max(width, ...layers.map((layer) => layer.units));
  let upstream = new Float32Array(widest);
  let down = new Float32Array(widest);
  for (let i = 0; i < rows; i += 1) {
    // forward, keeping each layer's output for the relu masks
    let input = x.subarray(i * width, (i + 1) * width);
    for (let l = 0; l < layers.length; l += 1) {
      const { inputs, units, kernel, bias, relu } = layers[l];
      const out = outputs[l];
      out.set(bias);
      for (let k = 0; k < inputs; k += 1) {
        const xv = input[k];
        if (xv === 0) continue;
        const ko = k * units;
        for (let u = 0; u < units; u += 1) out[u] += xv * kernel[ko + u];
      }
      if (relu) for (let u = 0; u < units; u += 1) if (out[u] < 0) out[u] = 0;
      input = out;
    }
    if (probabilities) probabilities[i] = 1 / (1 + Math.exp(-input[0]));
    // backward from d logit / d logit = 1
    upstream[0] = 1;
    for (let l = layers.length - 1; l >= 0; l -= 1) {
      const { inputs, units, kernel, relu } = layers[l];
      if (relu) for (let u = 0; u < units; u += 1) if (outputs[l][u] <= 0) upstream[u] = 0;
      for (let k = 0; k < inputs; k += 1) {
        const ko = k * units;
        let sum = 0;
        for (let u = 0; u < units; u += 1) sum += kernel[ko + u] * upstream[u];
        down[k] = sum;
      }
      [upstream, down] = [down, upstream];
    }
    grads.set(upstream.subarray(0, width), i * width);
  }
  return grads;
}
