import { DomainError } from '../../platform/errors/domain-error';

/** A method the path does not declare (405, with Allow). */
export class MethodNotAllowed extends DomainError {
  readonly code = 'method_not_allowed';
}
