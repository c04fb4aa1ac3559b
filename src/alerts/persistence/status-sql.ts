import { ACTIVE_STATUSES, TERMINAL_STATUSES } from '../domain/alert';

// Built from the domain's lists, never spelled again: a partial index's predicate cannot take a
// parameter, and a literal list lets the planner match that predicate.
const inList = (values: readonly string[]): string => `(${values.map((v) => `'${v}'`).join(', ')})`;

/** `('open', 'acknowledged', 'in_progress')`, for `status IN ${ACTIVE_STATUSES_SQL}`. */
export const ACTIVE_STATUSES_SQL = inList(ACTIVE_STATUSES);
/** `('resolved', 'false_positive')`. */
export const TERMINAL_STATUSES_SQL = inList(TERMINAL_STATUSES);
