import { bytesEqual, toHex } from '../canonical/byte-encoding';
import { HASH_SIZE, TreeHasher } from '../canonical/tree-hasher';
import { isPowerOfTwo } from './tree-math';
import { PROOF_OK, ProofCheck, proofFailure } from './proof-check';

/**
 * RFC 9162 section 2.1.4.2: the tree of size `second` is an append-only extension of the tree
 * of size `first` - nothing anchored earlier was removed, changed or reordered.
 */
export function verifyConsistency(
  hasher: TreeHasher,
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): ProofCheck {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0) {
    return proofFailure(`tree sizes ${first} -> ${second} are not non-negative integers`);
  }
  if (first > second) return proofFailure(`tree shrank from ${first} to ${second}`);
  if (first === second || first === 0) {
    // Same tree: roots must match. Empty tree: trivially a prefix. Either way nothing to prove.
    if (proof.length !== 0)
      return proofFailure(`expected an empty proof from ${first} to ${second}, got ${proof.length} hashes`);
    if (first === second && !bytesEqual(firstRoot, secondRoot))
      return proofFailure(`same size ${first} but different roots`);
    return PROOF_OK;
  }
  if (proof.length === 0) return proofFailure(`empty consistency proof from ${first} to ${second}`);
  if (proof.some((p) => p.length !== HASH_SIZE))
    return proofFailure(`a consistency proof hash is not ${HASH_SIZE} bytes`);

  // The old root is itself a complete subtree of the new tree: the proof then omits it.
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return proofFailure(`consistency proof has more hashes than ${first} -> ${second} needs`);
    if (fn % 2 === 1 || fn === sn) {
      fr = hasher.node(c, fr);
      sr = hasher.node(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hasher.node(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return proofFailure(`consistency proof has too few hashes for ${first} -> ${second}`);
  if (!bytesEqual(fr, firstRoot))
    return proofFailure(`proof does not reproduce the old root ${toHex(firstRoot)} of size ${first}`);
  if (!bytesEqual(sr, secondRoot))
    return proofFailure(`proof does not reproduce the new root ${toHex(secondRoot)} of size ${second}`);
  return PROOF_OK;
}
