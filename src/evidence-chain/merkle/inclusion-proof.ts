import { bytesEqual, toHex } from '../canonical/byte-encoding';
import { HASH_SIZE, TreeHasher } from '../canonical/tree-hasher';
import { PROOF_OK, ProofCheck, proofFailure } from './proof-check';

/**
 * RFC 9162 section 2.1.3.2: walks an audit path (ordered leaf to root, as RFC 6962 PATH and
 * CometBFT's `aunts` both are) from a leaf hash and checks it lands exactly on `root`.
 */
export function verifyInclusion(
  hasher: TreeHasher,
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  auditPath: readonly Uint8Array[],
  root: Uint8Array,
): ProofCheck {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0) {
    return proofFailure(`leaf index ${leafIndex} / tree size ${treeSize} are not non-negative integers`);
  }
  if (leafIndex >= treeSize) return proofFailure(`leaf index ${leafIndex} is outside a tree of size ${treeSize}`);
  const badHash = auditPath.findIndex((p) => p.length !== HASH_SIZE);
  if (badHash >= 0)
    return proofFailure(`audit path entry ${badHash} is ${auditPath[badHash].length} bytes, not ${HASH_SIZE}`);

  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of auditPath) {
    if (sn === 0)
      return proofFailure(`audit path has ${auditPath.length} hashes, more than a tree of size ${treeSize} needs`);
    if (fn % 2 === 1 || fn === sn) {
      r = hasher.node(p, r);
      // A right-edge node with no sibling at this level: climb until it becomes a right child.
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = hasher.node(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0)
    return proofFailure(`audit path has ${auditPath.length} hashes, too few for leaf ${leafIndex} of ${treeSize}`);
  if (!bytesEqual(r, root)) return proofFailure(`audit path leads to root ${toHex(r)}, not ${toHex(root)}`);
  return PROOF_OK;
}
