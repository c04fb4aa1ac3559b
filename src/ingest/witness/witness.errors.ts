import { DomainError } from '../../platform/errors/domain-error';

/** The cosignature names a checkpoint this log never signed (another origin, size or root). */
export class UnknownCheckpoint extends DomainError {
  readonly code = 'unknown_checkpoint';
}
