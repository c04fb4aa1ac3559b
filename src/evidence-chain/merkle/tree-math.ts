import { TreeHasher } from '../canonical/tree-hasher';

// Tree sizes are plain numbers (exact up to 2^53 leaves), so halving uses division, never the
// 32-bit bitwise operators.

/** k of RFC 6962 section 2.1: the largest power of two strictly smaller than n (n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

/**
 * MTH over leaf hashes, straight from the definition. For small trees (CometBFT's header with 14
 * fields, its tx and validator trees); the log uses MerkleLog, which caches complete subtrees.
 */
export function merkleRoot(leafHashes: readonly Uint8Array[], hasher: TreeHasher): Uint8Array {
  if (leafHashes.length === 0) return hasher.emptyRoot();
  if (leafHashes.length === 1) return leafHashes[0];
  const k = splitPoint(leafHashes.length);
  return hasher.node(merkleRoot(leafHashes.slice(0, k), hasher), merkleRoot(leafHashes.slice(k), hasher));
}
