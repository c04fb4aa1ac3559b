import { canonicalBytes } from '../canonical/canonical-json';
import { Sha256 } from '../canonical/sha256';
import { toHex } from '../canonical/byte-encoding';

/** The regulator's signed statement "my log of this origin had this root at this size". */
export interface Checkpoint {
  /** Names the log, e.g. `bureau.example.gov.cn/evidence`; also part of the chain key, so no ':' or '='. */
  origin: string;
  treeSize: number;
  rootHash: string; // hex, 32 bytes
  /** checkpointId of the previous signed checkpoint: a hash chain, so a skipped or replaced one shows. */
  previous: string | null;
  issuedAt: string; // ISO 8601, UTC
}

/** A checkpoint with the regulator's Ed25519 signature over its signing bytes. */
export interface SignedCheckpoint {
  checkpoint: Checkpoint;
  signature: string; // hex, 64 bytes
  /** Which key signed (hex, 32 bytes): lets a verifier say "wrong key" rather than "bad signature". */
  publicKey: string;
}

export const ORIGIN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/;

// Domain separation: these bytes can never be mistaken for another message the same key signs.
const SIGNING_CONTEXT = new TextEncoder().encode('risk-evidence/checkpoint/v1\n');

/** What the regulator signs: a context string, then the checkpoint's JCS bytes. */
export function checkpointSigningBytes(checkpoint: Checkpoint): Uint8Array {
  const body = canonicalBytes(checkpoint);
  const out = new Uint8Array(SIGNING_CONTEXT.length + body.length);
  out.set(SIGNING_CONTEXT);
  out.set(body, SIGNING_CONTEXT.length);
  return out;
}

/** The id the next checkpoint's `previous` refers to: SHA-256 of the signed checkpoint's JCS bytes, hex. */
export function checkpointId(signed: SignedCheckpoint, sha256: Sha256): string {
  return toHex(sha256(canonicalBytes(signed)));
}

/** Shape problems of a checkpoint, empty when well-formed. */
export function checkpointProblems(c: Checkpoint): string[] {
  const problems: string[] = [];
  if (typeof c.origin !== 'string' || !ORIGIN_PATTERN.test(c.origin))
    problems.push(`origin '${c.origin}' must match ${ORIGIN_PATTERN}`);
  if (!Number.isSafeInteger(c.treeSize) || c.treeSize < 0)
    problems.push(`treeSize ${c.treeSize} is not a non-negative integer`);
  if (typeof c.rootHash !== 'string' || !/^[0-9a-f]{64}$/.test(c.rootHash))
    problems.push('rootHash must be 64 lower-case hex characters');
  if (c.previous !== null && (typeof c.previous !== 'string' || !/^[0-9a-f]{64}$/.test(c.previous)))
    problems.push('previous must be null or 64 lower-case hex characters');
  if (typeof c.issuedAt !== 'string' || Number.isNaN(Date.parse(c.issuedAt)))
    problems.push(`issuedAt '${c.issuedAt}' is not an ISO 8601 time`);
  return problems;
}
