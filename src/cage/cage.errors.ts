import { DomainError, ValidationFailed, type FieldProblem } from '../platform/errors/domain-error';

/** The power list (权力清单) does not parse or contradicts itself. */
export class PowerListInvalid extends DomainError {
  readonly code = 'power_list_invalid';

  constructor(problems: FieldProblem[]) {
    super(`the power list is not valid: ${problems.map((p) => `${p.pointer} ${p.detail}`).join('; ')}`, problems);
  }
}

/** An exercise of a power without what the power list requires of it (reason, second approver): 422. */
export class PowerConditionsMissing extends ValidationFailed {
  constructor(powerId: string, problems: FieldProblem[]) {
    super(
      `${powerId} needs ${problems.map((p) => p.pointer).join(' and ')}: ${problems.map((p) => p.detail).join('; ')}`,
      problems,
    );
  }
}
