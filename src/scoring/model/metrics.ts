/** Evaluation of probability scores against 0/1 labels on the held-out firms. */
export interface EvaluationMetrics {
  rows: number;
  positives: number;
  rocAuc: number;
  /** Average precision (area under the precision-recall curve, step-wise). */
  prAuc: number;
  brier: number;
  logLoss: number;
  /** Precision among the k highest-scored rows. */
  precisionAtK: Array<{ k: number; precision: number }>;
  /** Deciles of predicted probability: mean predicted vs observed rate. */
  calibration: Array<{ bin: number; rows: number; meanPredicted: number; observedRate: number }>;
}

/** ROC AUC by the rank-sum (Mann-Whitney) formula, ties counted half. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j += 1;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1)
      if (labels[idx[k]] === 1) {
        rankSumPos += avgRank;
        pos += 1;
      }
    i = j + 1;
  }
  const neg = scores.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const total = idx.reduce((n, i) => n + (labels[i] === 1 ? 1 : 0), 0);
  if (total === 0) return NaN;
  let tp = 0;
  let sum = 0;
  idx.forEach((i, rank) => {
    if (labels[i] === 1) {
      tp += 1;
      sum += tp / (rank + 1);
    }
  });
  return sum / total;
}

export function evaluate(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  ks: readonly number[] = [50, 100, 200],
): EvaluationMetrics {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  let brier = 0;
  let logLoss = 0;
  let positives = 0;
  for (let i = 0; i < n; i += 1) {
    const p = Math.min(1 - 1e-7, Math.max(1e-7, scores[i]));
    brier += (scores[i] - labels[i]) ** 2;
    logLoss += -(labels[i] * Math.log(p) + (1 - labels[i]) * Math.log(1 - p));
    positives += labels[i];
  }
  const precisionAtK = ks
    .filter((k) => k <= n)
    .map((k) => ({ k, precision: idx.slice(0, k).reduce((s, i) => s + labels[i], 0) / k }));
  const ascending = [...idx].reverse();
  const calibration = Array.from({ length: 10 }, (_, b) => {
    const slice = ascending.slice(Math.floor((b * n) / 10), Math.floor(((b + 1) * n) / 10));
    const rows = slice.length;
    return {
      bin: b + 1,
      rows,
      meanPredicted: rows ? slice.reduce((s, i) => s + scores[i], 0) / rows : 0,
      observedRate: rows ? slice.reduce((s, i) => s + labels[i], 0) / rows : 0,
    };
  });
  return {
    rows: n,
    positives,
    rocAuc: rocAuc(scores, labels),
    prAuc: averagePrecision(scores, labels),
    brier: brier / n,
    logLoss: logLoss / n,
    precisionAtK,
    calibration,
  };
}
