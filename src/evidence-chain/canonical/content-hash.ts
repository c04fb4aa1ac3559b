import { canonicalBytes } from './canonical-json';
import { Sha256 } from './sha256';

/** contentHash of a structured record: SHA-256 of its JCS bytes. */
export function recordContentHash(record: unknown, sha256: Sha256): Uint8Array {
  return sha256(canonicalBytes(record));
}

/** contentHash of a document (contract PDF, image): its raw bytes as received, never re-encoded. */
export function documentContentHash(bytes: Uint8Array, sha256: Sha256): Uint8Array {
  return sha256(bytes);
}
