import { Sha256 } from './sha256';

/** RFC 6962 / RFC 9162 section 2.1.1 domain-separated hashing, shared by our log and CometBFT's trees. */
export interface TreeHasher {
  readonly sha256: Sha256;
  /** MTH({}) = SHA-256(""). */
  emptyRoot(): Uint8Array;
  /** SHA-256(0x00 || data): the prefix keeps a leaf from ever being read as an inner node. */
  leaf(data: Uint8Array): Uint8Array;
  /** SHA-256(0x01 || left || right). */
  node(left: Uint8Array, right: Uint8Array): Uint8Array;
}

export const HASH_SIZE = 32;

export function treeHasher(sha256: Sha256): TreeHasher {
  // One scratch buffer for inner nodes: both SHA-256 backends copy their input, never keep it.
  const scratch = new Uint8Array(1 + 2 * HASH_SIZE);
  scratch[0] = 0x01;
  return {
    sha256,
    emptyRoot: () => sha256(new Uint8Array(0)),
    leaf(data) {
      const input = new Uint8Array(1 + data.length);
      input.set(data, 1);
      return sha256(input);
    },
    node(left, right) {
      scratch.set(left, 1);
      scratch.set(right, 1 + HASH_SIZE);
      return sha256(scratch);
    },
  };
}
