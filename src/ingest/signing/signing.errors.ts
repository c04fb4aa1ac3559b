import { DomainError } from '../../platform/errors/domain-error';

/** Why a signed submission is refused; each code is its own problem type (urn:problem:<code>). */
export type SignatureProblem =
  | 'signature_missing' // the firm must sign and did not
  | 'signature_malformed' // headers present but not RFC 9421 as required
  | 'unknown_key' // no key with this id is registered for the firm
  | 'key_expired' // outside the key's validity window
  | 'key_revoked' // revoked before this submission
  | 'bad_digest' // Content-Digest missing or not the body's SHA-256
  | 'bad_signature'; // does not verify under the registered key

export class SignatureRefused extends DomainError {
  constructor(
    readonly code: SignatureProblem,
    message: string,
  ) {
    super(message);
  }
}

export class SigningKeyConflict extends DomainError {
  readonly code = 'conflict';
}
