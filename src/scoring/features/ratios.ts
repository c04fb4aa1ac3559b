import { RATIO_UNBOUNDED } from './feature-catalogue';

/**
 * numerator ÷ denominator for supervisory ratios. A non-positive denominator with a positive
 * numerator (leverage on negative net assets) is unbounded rather than missing: the firm reported
 * it, and it breaches any upper limit. `whenNothing` is the value for 0 ÷ 0 (e.g. no provisions
 * required and none made is adequate: 1).
 */
export function ratio(numerator: number, denominator: number, whenNothing = 0): number {
  if (denominator > 0) return numerator / denominator;
  if (numerator > 0) return RATIO_UNBOUNDED;
  return whenNothing;
}

/** Relative change current ÷ previous − 1; null when there is nothing to compare with. */
export function relativeChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null) return null;
  if (previous > 0) return current / previous - 1;
  return current > 0 ? RATIO_UNBOUNDED : 0;
}
