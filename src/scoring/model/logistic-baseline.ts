/**
 * The baseline the TF.js model must beat: L2-regularised logistic regression on the same
 * standardised inputs, fitted by full-batch gradient descent in plain TypeScript (deterministic,
 * no tf), so analysts can read its coefficients as a points scorecard.
 */
export interface LogisticModel {
  weights: number[];
  bias: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function fitLogistic(
  x: Float32Array,
  y: ArrayLike<number>,
  width: number,
  options: { epochs?: number; learningRate?: number; l2?: number } = {},
): LogisticModel {
  const epochs = options.epochs ?? 300;
  const lr = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-3;
  const n = y.length;
  const w = new Float64Array(width);
  let b = 0;
  const grad = new Float64Array(width);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    grad.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i += 1) {
      let z = b;
      const row = i * width;
      for (let j = 0; j < width; j += 1) z += w[j] * x[row + j];
      const err = sigmoid(z) - y[i];
      gb += err;
      for (let j = 0; j < width; j += 1) grad[j] += err * x[row + j];
    }
    for (let j = 0; j < width; j += 1) w[j] -= lr * (grad[j] / n + l2 * w[j]);
    b -= lr * (gb / n);
  }
  return { weights: Array.from(w), bias: b };
}

export function predictLogistic(model: LogisticModel, x: Float32Array, rows: number): Float32Array {
  const width = model.weights.length;
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i += 1) {
    let z = model.bias;
    for (let j = 0; j < width; j += 1) z += model.weights[j] * x[i * width + j];
    out[i] = sigmoid(z);
  }
  return out;
}
