import { canonicalBytes } from './canonical-json';
import { Sha256 } from './sha256';

/**
 * What a firm's submission adds to its record's evidence leaf (报送凭据): a salted commitment to
 * the exact bytes it sent and, when it signed them, its RFC 9421 signature. Nothing here lets
 * anyone confirm a guessed identity number: the commitment is salted and the salt goes only to
 * the submitter (and its receipts).
 */
export interface SubmissionEnvelope {
  /** H(salt || bytes sent), hex: the whole HTTP body, or the Kafka message value. */
  commitment: string;
  /** For a bulk push, the item's index in the body the commitment and signature cover. */
  item?: number;
  signature?: FirmSignature;
}

export interface FirmSignature {
  keyId: string;
  algorithm: 'ed25519' | 'sm2-sm3';
  /** The RFC 9421 signature base, exactly as signed; it carries the body's Content-Digest. */
  signatureBase: string;
  /** base64 */
  value: string;
}

export const SUBMISSION_LEAF_VERSION = 'risk-evidence/submission/v1';

/**
 * A record with a submission envelope is logged as H(JCS({ v, stored, submission })), where
 * `stored` is the hex contentHash of the stored form: the leaf commits to both.
 */
export function submissionLeafHash(storedHash: Uint8Array, envelope: SubmissionEnvelope, sha256: Sha256): Uint8Array {
  return sha256(
    canonicalBytes({
      v: SUBMISSION_LEAF_VERSION,
      stored: Buffer.from(storedHash).toString('hex'),
      submission: envelope,
    }),
  );
}

/** H(salt || bytes), hex. */
export function submissionCommitment(salt: Uint8Array, bytes: Uint8Array, sha256: Sha256): string {
  const joined = new Uint8Array(salt.length + bytes.length);
  joined.set(salt);
  joined.set(bytes, salt.length);
  return Buffer.from(sha256(joined)).toString('hex');
}
