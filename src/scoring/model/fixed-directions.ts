import type { FeatureValue } from '../features/feature-vector';
import { MODEL_FEATURES, transformValue } from './model-features';
import { seededRng, shuffled } from './seeded-rng';

/**
 * Features whose direction the regulations fix: going from the healthy to the unhealthy value
 * must never lower the probability of distress. "Being a dishonest debtor lowers the risk" is a
 * model defect, whatever the training data say. The one place these directions are declared.
 */
export const FIXED_DIRECTIONS: ReadonlyArray<{
  feature: string;
  zh: string;
  healthy: FeatureValue;
  unhealthy: FeatureValue;
}> = [
  { feature: 'overdue_rate', zh: '逾期率', healthy: 0, unhealthy: 0.3 },
  { feature: 'p2p_withdrawal_delay_max_days', zh: '兑付延迟天数', healthy: 0, unhealthy: 30 },
  { feature: 'p2p_related_party_loan_balance', zh: '关联方借款(自融)', healthy: 0, unhealthy: 10_000_000 },
  { feature: 'registry_adverse_180d', zh: '工商异常', healthy: 0, unhealthy: 2 },
  { feature: 'tax_events_365d', zh: '税务不良事件', healthy: 0, unhealthy: 2 },
  { feature: 'court_lender_suits_90d', zh: '出借人诉讼', healthy: 0, unhealthy: 5 },
  { feature: 'court_firm_dishonest', zh: '企业失信', healthy: false, unhealthy: true },
  { feature: 'court_person_dishonest', zh: '关键人员失信', healthy: false, unhealthy: true },
  { feature: 'ss_arrears', zh: '社保欠缴', healthy: 0, unhealthy: 500_000 },
];

/** Firms the check samples. */
export const MONOTONICITY_SAMPLE = 1000;
/** Float noise allowed between the two forward passes. */
const TOLERANCE = 1e-6;

export interface MonotonicityViolation {
  feature: string;
  /** Rows (of the sample) where the unhealthy value gave a lower probability. */
  rows: number;
  /** The largest drop in probability seen. */
  worstDrop: number;
}

type Row = ReadonlyArray<number | null>;

/**
 * For each fixed-direction feature, on up to 1,000 sampled rows (model inputs, transformed, not
 * standardised): the probability with the unhealthy value minus that with the healthy value,
 * everything else as in the row. Returns the features where that is negative anywhere.
 */
export function monotonicityViolations(
  rows: readonly Row[],
  predict: (rows: readonly Row[]) => Float32Array,
  seed = 1,
  sample = MONOTONICITY_SAMPLE,
): MonotonicityViolation[] {
  const picked = shuffled([...rows.keys()], seededRng(seed))
    .slice(0, sample)
    .map((i) => rows[i]);
  const out: MonotonicityViolation[] = [];
  for (const fixed of FIXED_DIRECTIONS) {
    const j = MODEL_FEATURES.findIndex((s) => s.name === fixed.feature);
    if (j < 0) throw new Error(`fixed-direction feature ${fixed.feature} is not a model input`);
    const set = (value: FeatureValue) =>
      picked.map((r) => r.map((v, k) => (k === j ? transformValue(MODEL_FEATURES[j], value) : v)));
    const healthy = predict(set(fixed.healthy));
    const unhealthy = predict(set(fixed.unhealthy));
    let count = 0;
    let worst = 0;
    for (let i = 0; i < picked.length; i += 1) {
      const drop = healthy[i] - unhealthy[i];
      if (drop > TOLERANCE) {
        count += 1;
        worst = Math.max(worst, drop);
      }
    }
    if (count > 0) out.push({ feature: fixed.feature, rows: count, worstDrop: worst });
  }
  return out;
}

/** A model whose learned effect of a fixed-direction feature has the wrong sign. */
export class MonotonicityViolated extends Error {
  readonly code = 'MODEL_MONOTONICITY_VIOLATED';

  constructor(readonly violations: readonly MonotonicityViolation[]) {
    super(
      `fixed-direction features lower the risk: ${violations.map((v) => `${v.feature} on ${v.rows} rows (worst -${v.worstDrop.toFixed(4)})`).join('; ')}`,
    );
  }
}
