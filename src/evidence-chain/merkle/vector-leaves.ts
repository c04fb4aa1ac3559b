import { Sha256 } from '../canonical/sha256';

/** Leaf i of the published test vectors: its contentHash is SHA-256 of the ASCII text "leaf <i>". */
export function vectorContentHash(i: number, sha256: Sha256): Uint8Array {
  return sha256(new TextEncoder().encode(`leaf ${i}`));
}
