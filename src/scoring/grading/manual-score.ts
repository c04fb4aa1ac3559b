import type { IsoDate } from '../../ingest/schemas/records';
import { ValidationFailed, type FieldProblem } from '../../platform/errors/domain-error';

/**
 * 人工评分: an analyst's adjustment of a firm's risk score. `adjust` adds value (−100..+100) to the
 * machine score; `set` replaces the machine score with value (0..100). Only scores valid on the
 * assessment date count; every one used is listed in the explanation with author and reason.
 */
export interface ManualScore {
  id: string;
  mode: 'adjust' | 'set';
  value: number;
  reason: string;
  author: string;
  validFrom: IsoDate;
  /** Inclusive last day; open-ended when absent. */
  validTo?: IsoDate;
}

export function validateManualScore(score: ManualScore): ManualScore {
  const problems: FieldProblem[] = [];
  const [min, max] = score.mode === 'set' ? [0, 100] : [-100, 100];
  if (score.mode !== 'set' && score.mode !== 'adjust')
    problems.push({ pointer: '/mode', detail: "must be 'adjust' or 'set'" });
  if (!Number.isFinite(score.value) || score.value < min || score.value > max)
    problems.push({ pointer: '/value', detail: `must be a number from ${min} to ${max} for mode ${score.mode}` });
  if (!score.reason?.trim()) problems.push({ pointer: '/reason', detail: 'a manual score needs a reason' });
  if (!score.author?.trim()) problems.push({ pointer: '/author', detail: 'a manual score needs an author' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(score.validFrom ?? ''))
    problems.push({ pointer: '/validFrom', detail: 'must be a date YYYY-MM-DD' });
  if (score.validTo !== undefined && !(score.validTo >= score.validFrom))
    problems.push({ pointer: '/validTo', detail: 'must be a date on or after validFrom' });
  if (problems.length > 0) throw new ValidationFailed(`manual score ${score.id} is invalid`, problems);
  return score;
}

export function isValidOn(score: ManualScore, asOf: IsoDate): boolean {
  return score.validFrom <= asOf && (score.validTo === undefined || score.validTo >= asOf);
}

export interface ManualEffect {
  /** The `set` that replaced the machine score, if any (the latest validFrom wins). */
  set: ManualScore | null;
  adjustments: ManualScore[];
  delta: number;
  /** Valid scores that did not count (an older `set` superseded by a newer one). */
  superseded: ManualScore[];
}

export function manualEffect(scores: readonly ManualScore[], asOf: IsoDate): ManualEffect {
  const valid = scores.filter((s) => isValidOn(s, asOf));
  const sets = valid
    .filter((s) => s.mode === 'set')
    .sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
  const set = sets.length > 0 ? sets[sets.length - 1] : null;
  const adjustments = valid.filter((s) => s.mode === 'adjust');
  return { set, adjustments, delta: adjustments.reduce((sum, s) => sum + s.value, 0), superseded: sets.slice(0, -1) };
}
