/** One problem with one field of an input, as reported to the caller (RFC 9457 `errors` member). */
export interface FieldProblem {
  /** JSON Pointer to the field, e.g. `/items/3/overdueAmount`. */
  pointer: string;
  detail: string;
}

/**
 * Errors of the domain carry a stable string code; the API maps codes to HTTP statuses in one
 * place (api/problem.filter.ts). Domain code never throws HTTP exceptions.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends DomainError {
  readonly code = 'validation_failed';
}

export class NotFound extends DomainError {
  readonly code = 'not_found';
}

export class Conflict extends DomainError {
  readonly code = 'conflict';
}

export class Forbidden extends DomainError {
  readonly code = 'forbidden';
}
