import { rocAuc } from '../metrics';

export interface ReliabilityBin {
  /** Predicted probability range [from, to). */
  from: number;
  to: number;
  rows: number;
  meanPredicted: number;
  observedRate: number;
}

export interface CalibrationResult {
  rows: number;
  positives: number;
  /** Mean squared error of the probabilities (Brier score). */
  brier: number;
  /** Expected calibration error: |observed − predicted| per bin, weighted by the bin's rows. */
  ece: number;
  /** Discrimination; null while only one class has been seen. */
  rocAuc: number | null;
  bins: ReliabilityBin[];
}

/** Calibration and discrimination of predictions against outcomes, over equal-width probability bins. */
export function calibration(
  predicted: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  binCount = 10,
): CalibrationResult {
  const n = predicted.length;
  const sums = Array.from({ length: binCount }, () => ({ rows: 0, predicted: 0, observed: 0 }));
  let brier = 0;
  let positives = 0;
  for (let i = 0; i < n; i += 1) {
    const p = predicted[i];
    brier += (p - outcomes[i]) ** 2;
    positives += outcomes[i];
    const b = sums[Math.min(binCount - 1, Math.max(0, Math.floor(p * binCount)))];
    b.rows += 1;
    b.predicted += p;
    b.observed += outcomes[i];
  }
  const bins = sums.map((b, k) => ({
    from: k / binCount,
    to: (k + 1) / binCount,
    rows: b.rows,
    meanPredicted: b.rows ? b.predicted / b.rows : 0,
    observedRate: b.rows ? b.observed / b.rows : 0,
  }));
  const ece = n ? bins.reduce((s, b) => s + (b.rows / n) * Math.abs(b.observedRate - b.meanPredicted), 0) : 0;
  const auc = rocAuc(predicted, outcomes);
  return { rows: n, positives, brier: n ? brier / n : 0, ece, rocAuc: Number.isFinite(auc) ? auc : null, bins };
}
