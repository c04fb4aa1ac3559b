import type { FirmKind } from '../../firms/firm.entity';
import type { FeatureVector } from '../features/feature-vector';

/**
 * How one feature enters the model: `log` = sign(x)·log1p(|x|) for counts and amounts (heavy
 * tails), `clip` to [min, max] for ratios (1e6 "unbounded" ratios would otherwise dominate),
 * `bool` 0/1. Then standardised with the training mean and std; a missing value becomes the mean
 * (0 after standardising), so "no data" neither raises nor lowers the probability.
 */
export interface ModelFeatureSpec {
  name: string;
  transform: 'log' | 'bool' | { clip: [number, number] };
}

export const MODEL_FEATURES: readonly ModelFeatureSpec[] = [
  { name: 'kind_p2p_lending', transform: 'bool' },
  { name: 'kind_micro_loan', transform: 'bool' },
  { name: 'kind_financing_guarantee', transform: 'bool' },
  { name: 'overdue_rate', transform: { clip: [0, 1] } },
  { name: 'overdue_rate_change_90d', transform: { clip: [-1, 1] } },
  { name: 'concentration', transform: { clip: [0, 2] } },
  { name: 'leverage', transform: 'log' },
  { name: 'leverage_change_90d', transform: { clip: [-20, 20] } },
  { name: 'p2p_net_outflow_30d_ratio', transform: { clip: [-1, 1] } },
  { name: 'p2p_net_outflow_90d_ratio', transform: { clip: [-2, 2] } },
  { name: 'p2p_new_lenders_mom', transform: { clip: [-1, 3] } },
  { name: 'p2p_lender_count_change_90d', transform: { clip: [-1, 3] } },
  { name: 'p2p_term_mismatch', transform: 'bool' },
  { name: 'p2p_yield_gap_pp', transform: { clip: [-10, 20] } },
  { name: 'p2p_compensation', transform: 'log' },
  { name: 'p2p_related_party_loan_balance', transform: 'log' },
  { name: 'p2p_withdrawal_delay_max_days', transform: { clip: [0, 30] } },
  { name: 'mc_provision_adequacy', transform: { clip: [0, 3] } },
  { name: 'fg_reserve_coverage', transform: { clip: [0, 5] } },
  { name: 'registry_adverse_180d', transform: 'log' },
  { name: 'registry_changes_180d', transform: 'log' },
  { name: 'tax_events_365d', transform: 'log' },
  { name: 'tax_arrears_amount_365d', transform: 'log' },
  { name: 'court_cases_90d', transform: 'log' },
  { name: 'court_cases_180d', transform: 'log' },
  { name: 'court_enforcement_ratio_365d', transform: { clip: [0, 2] } },
  { name: 'court_lender_suits_90d', transform: 'log' },
  { name: 'court_firm_dishonest', transform: 'bool' },
  { name: 'court_person_dishonest', transform: 'bool' },
  { name: 'ss_headcount_change_90d', transform: { clip: [-1, 1] } },
  { name: 'ss_arrears', transform: 'log' },
  { name: 'sentiment_negative_30d', transform: 'log' },
  { name: 'sentiment_negative_90d', transform: 'log' },
  { name: 'sentiment_negative_weighted_30d', transform: 'log' },
  { name: 'sentiment_complaint_zscore', transform: { clip: [-5, 10] } },
  { name: 'contract_max_rate_pct_90d', transform: { clip: [0, 50] } },
];

/** The firm kind is not a feature of the vector; the model gets it as three 0/1 inputs. */
export function withKind(features: FeatureVector, kind: FirmKind): FeatureVector {
  return {
    ...features,
    kind_p2p_lending: kind === 'p2p_lending',
    kind_micro_loan: kind === 'micro_loan',
    kind_financing_guarantee: kind === 'financing_guarantee',
  };
}

/** Raw (transformed, not standardised) value; null stays null for mean imputation. */
export function transformValue(spec: ModelFeatureSpec, value: number | boolean | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const x = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (!Number.isFinite(x)) return null;
  if (spec.transform === 'bool') return x ? 1 : 0;
  if (spec.transform === 'log') return Math.sign(x) * Math.log1p(Math.abs(x));
  const [min, max] = spec.transform.clip;
  return Math.min(max, Math.max(min, x));
}

export interface Normalisation {
  mean: number[];
  std: number[];
}

export function fitNormalisation(rows: ReadonlyArray<ReadonlyArray<number | null>>, width: number): Normalisation {
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(1);
  for (let j = 0; j < width; j += 1) {
    let n = 0;
    let sum = 0;
    let sq = 0;
    for (const r of rows) {
      const v = r[j];
      if (v === null) continue;
      n += 1;
      sum += v;
      sq += v * v;
    }
    if (n === 0) continue;
    mean[j] = sum / n;
    const variance = sq / n - mean[j] ** 2;
    std[j] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  return { mean, std };
}

const KIND_INPUT = /^kind_(.+)$/;

/**
 * Model inputs of one vector. The kind inputs come from `kind` when given (no copy of the
 * vector), else from kind_* entries set by withKind.
 */
export function transformRow(
  features: FeatureVector,
  specs: readonly ModelFeatureSpec[] = MODEL_FEATURES,
  kind?: FirmKind,
): Array<number | null> {
  return specs.map((s) => {
    const k = kind === undefined ? null : KIND_INPUT.exec(s.name);
    return transformValue(s, k ? k[1] === kind : features[s.name]);
  });
}

/** Standardised design matrix, row-major, missing → 0 (the training mean). */
export function designMatrix(rows: ReadonlyArray<ReadonlyArray<number | null>>, norm: Normalisation): Float32Array {
  const width = norm.mean.length;
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    for (let j = 0; j < width; j += 1) {
      const v = r[j];
      out[i * width + j] = v === null ? 0 : (v - norm.mean[j]) / norm.std[j];
    }
  });
  return out;
}

/**
 * The standardised matrix straight from feature vectors, without per-row arrays: the serving
 * path for a full re-score (the same arithmetic as transformRow + designMatrix).
 */
export function featureMatrix(
  vectors: readonly FeatureVector[],
  specs: readonly ModelFeatureSpec[],
  norm: Normalisation,
  kinds?: readonly FirmKind[],
): Float32Array {
  const out = new Float32Array(vectors.length * specs.length);
  const kindOf = kindInputs(specs);
  for (let i = 0; i < vectors.length; i += 1) writeFeatureRow(vectors[i], kinds?.[i], specs, norm, kindOf, out, i);
  return out;
}

/** For each spec, the firm kind it is the 0/1 input of (kind_<kind>), else null. */
export function kindInputs(specs: readonly ModelFeatureSpec[]): Array<string | null> {
  return specs.map((s) => KIND_INPUT.exec(s.name)?.[1] ?? null);
}

/**
 * Row `row` of the standardised matrix from one vector: a re-score fills it while the firm's
 * vector is still in the CPU cache, instead of a second pass over every vector.
 */
export function writeFeatureRow(
  v: FeatureVector,
  kind: FirmKind | undefined,
  specs: readonly ModelFeatureSpec[],
  norm: Normalisation,
  kindOf: ReadonlyArray<string | null>,
  out: Float32Array,
  row: number,
): void {
  const width = specs.length;
  for (let j = 0; j < width; j += 1) {
    const k = kindOf[j];
    const raw = transformValue(specs[j], k !== null && kind !== undefined ? k === kind : v[specs[j].name]);
    out[row * width + j] = raw === null ? 0 : (raw - norm.mean[j]) / norm.std[j];
  }
}

/** Normalisation fitted on the training rows only, and both sets' design matrices and labels under it. */
export function trainTestMatrices(
  train: ReadonlyArray<{ x: ReadonlyArray<number | null>; y: number }>,
  test: ReadonlyArray<{ x: ReadonlyArray<number | null>; y: number }>,
): { norm: Normalisation; xTrain: Float32Array; yTrain: Uint8Array; xTest: Float32Array; yTest: Uint8Array } {
  const norm = fitNormalisation(
    train.map((r) => r.x),
    MODEL_FEATURES.length,
  );
  return {
    norm,
    xTrain: designMatrix(
      train.map((r) => r.x),
      norm,
    ),
    yTrain: Uint8Array.from(train.map((r) => r.y)),
    xTest: designMatrix(
      test.map((r) => r.x),
      norm,
    ),
    yTest: Uint8Array.from(test.map((r) => r.y)),
  };
}
