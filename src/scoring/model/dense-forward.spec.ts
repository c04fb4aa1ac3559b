import { denseForward, denseInputGradients, type DenseLayer } from './dense-forward';
import { buildMlp, DEFAULT_MLP } from './mlp';
import { extractDenseLayers } from './dense-forward';
import { tf } from './tf';

describe('dense fast path', () => {
  it('should match TF.js probabilities and input gradients of the same MLP', () => {
    const t = tf();
    const model = buildMlp(5, { ...DEFAULT_MLP, hidden: [4], seed: 3 });
    const layers = extractDenseLayers(model) as DenseLayer[];
    const x = Float32Array.from([0.5, -1, 2, 0, 1.5, -0.3, 0.2, 0.9, -2, 0.1]);
    const reference = t.tidy(() =>
      t.sigmoid(model.predict(t.tensor2d(x, [2, 5])) as ReturnType<typeof t.tensor>).dataSync(),
    );
    const fast = denseForward(layers, x, 2);
    expect(
      Array.from(fast)
        .map((p, i) => p - reference[i])
        .every((d) => Math.abs(d) < 1e-6),
    ).toBe(true);
    const gradRef = t.tidy(() =>
      t
        .grad((inp: ReturnType<typeof t.tensor>) => (model.apply(inp) as ReturnType<typeof t.tensor>).sum())(
          t.tensor2d(x, [2, 5]),
        )
        .dataSync(),
    );
    const grads = denseInputGradients(layers, x, 2);
    expect(
      Array.from(grads)
        .map((g, i) => g - gradRef[i])
        .every((d) => Math.abs(d) < 1e-5),
    ).toBe(true);
    model.dispose();
  });

  it('should give the forward pass probabilities from the gradient pass, bit for bit', () => {
    const model = buildMlp(5, { ...DEFAULT_MLP, hidden: [4], seed: 3 });
    const layers = extractDenseLayers(model) as DenseLayer[];
    const x = Float32Array.from([0.5, -1, 2, 0, 1.5, -0.3, 0.2, 0.9, -2, 0.1]);
    const probabilities = new Float32Array(2);
    denseInputGradients(layers, x, 2, probabilities);
    expect(Array.from(probabilities)).toEqual(Array.from(denseForward(layers, x, 2)));
    model.dispose();
  });
});
