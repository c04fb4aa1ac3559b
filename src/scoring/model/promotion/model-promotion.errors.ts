import { ValidationFailed } from '../../../platform/errors/domain-error';
import type { MonotonicityViolation } from '../fixed-directions';

/** A promotion without a comparison report of that very version. */
export class ComparisonReportMissing extends ValidationFailed {
  constructor(version: string, detail: string) {
    super(`model ${version} cannot be promoted: ${detail}`, [{ pointer: '/comparisonId', detail }]);
  }
}

/** A model whose effect of a fixed-direction feature has the wrong sign is never served. */
export class ModelNotMonotone extends ValidationFailed {
  constructor(version: string, violations: readonly MonotonicityViolation[]) {
    super(
      `model ${version} fails the monotonicity check and cannot be promoted`,
      violations.map((v) => ({
        pointer: `/features/${v.feature}`,
        detail: `the unhealthy value lowers the probability on ${v.rows} sampled rows (worst -${v.worstDrop.toFixed(4)})`,
      })),
    );
  }
}
