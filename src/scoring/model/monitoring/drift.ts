import type { ModelFeatureSpec } from '../model-features';

/**
 * A feature's distribution in the training data, stored with the model (metadata.reference):
 * the inner bin edges (deciles of the non-missing values) and each bin's share, plus the share missing.
 */
export interface FeatureReference {
  name: string;
  edges: number[];
  shares: number[];
  missing: number;
}

type Row = ReadonlyArray<number | null>;

/** Bin index of a value: values equal to an edge go to the bin above it. */
function binOf(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v >= edges[mid]) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function histogram(rows: readonly Row[], j: number, edges: readonly number[]): { shares: number[]; missing: number } {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let missing = 0;
  for (const r of rows) {
    const v = r[j];
    if (v === null || v === undefined) missing += 1;
    else counts[binOf(edges, v)] += 1;
  }
  const n = Math.max(1, rows.length);
  return { shares: counts.map((c) => c / n), missing: missing / n };
}

/** Reference distributions of the model inputs (transformed rows, as training builds them). */
export function featureReferences(
  rows: readonly Row[],
  specs: readonly ModelFeatureSpec[],
  bins = 10,
): FeatureReference[] {
  return specs.map((spec, j) => {
    const values = rows
      .map((r) => r[j])
      .filter((v): v is number => v !== null && v !== undefined)
      .sort((a, b) => a - b);
    const edges = [
      ...new Set(
        Array.from({ length: bins - 1 }, (_, b) => values[Math.floor(((b + 1) * values.length) / bins)]).filter(
          (v) => v !== undefined,
        ),
      ),
    ];
    return { name: spec.name, edges, ...histogram(rows, j, edges) };
  });
}

/** Shares below this count as this, so an empty bin on one side does not make PSI infinite. */
const FLOOR = 1e-4;

/**
 * Population stability index of each feature: Σ (actual − expected) · ln(actual / expected) over
 * the reference bins and the missing share. Rule of thumb: < 0.1 stable, 0.1-0.25 moderate, > 0.25 shifted.
 */
export function populationStability(
  references: readonly FeatureReference[],
  specs: readonly ModelFeatureSpec[],
  rows: readonly Row[],
): Array<{ feature: string; psi: number }> {
  return references.map((ref) => {
    const j = specs.findIndex((s) => s.name === ref.name);
    if (j < 0 || rows.length === 0) return { feature: ref.name, psi: 0 };
    const actual = histogram(rows, j, ref.edges);
    const pairs: Array<[number, number]> = [
      ...ref.shares.map((e, b): [number, number] => [e, actual.shares[b]]),
      [ref.missing, actual.missing],
    ];
    const psi = pairs.reduce((sum, [e, a]) => {
      const ee = Math.max(FLOOR, e);
      const aa = Math.max(FLOOR, a);
      return sum + (aa - ee) * Math.log(aa / ee);
    }, 0);
    return { feature: ref.name, psi };
  });
}
