import { bytesEqual, fromHex, toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { verifyInclusion } from '../merkle/inclusion-proof';
import { PROOF_OK, ProofCheck, proofFailure } from '../merkle/proof-check';

const hasher = treeHasher(nodeSha256);
const APP_HASH_CONTEXT = new TextEncoder().encode('risk-ledger/app-hash/v1\n');

/**
 * 状态证明: places a query's value in the app hash. The app hash commits to two RFC 6962 trees:
 * the state map (leaves `key 0x00 value`, sorted by key) and the checkpoint history (leaves the
 * anchored checkpoints' JCS bytes, in the order accepted). `kind` says which tree the value is in;
 * the other tree's root comes along so the app hash can be recomputed.
 */
export interface LedgerProof {
  kind: 'map' | 'history';
  index: number;
  /** leaves in the tree the value is in */
  size: number;
  /** hex audit path, leaf to root */
  path: string[];
  mapRoot: string;
  historyRoot: string;
  historySize: number;
}

/** The app hash CometBFT puts in the next block's header. */
export function ledgerAppHash(mapRoot: Uint8Array, historyRoot: Uint8Array, historySize: number): Uint8Array {
  const size = new Uint8Array(8);
  new DataView(size.buffer).setBigUint64(0, BigInt(historySize));
  const all = new Uint8Array(APP_HASH_CONTEXT.length + 64 + 8);
  all.set(APP_HASH_CONTEXT);
  all.set(mapRoot, APP_HASH_CONTEXT.length);
  all.set(historyRoot, APP_HASH_CONTEXT.length + 32);
  all.set(size, APP_HASH_CONTEXT.length + 64);
  return nodeSha256(all);
}

export function mapLeafHash(key: string, value: Uint8Array): Uint8Array {
  const k = new TextEncoder().encode(key);
  const data = new Uint8Array(k.length + 1 + value.length);
  data.set(k);
  data.set(value, k.length + 1);
  return hasher.leaf(data);
}

export function historyLeafHash(value: Uint8Array): Uint8Array {
  return hasher.leaf(value);
}

/**
 * Checks that `value` is stored under `key` (map) or is a history leaf (history) in the state
 * whose app hash is `appHash` (from the header of the block after the query's height).
 */
export function verifyLedgerProof(appHash: Uint8Array, key: string, value: Uint8Array, proof: LedgerProof): ProofCheck {
  if (typeof proof !== 'object' || proof === null || (proof.kind !== 'map' && proof.kind !== 'history'))
    return proofFailure('proof kind must be map or history');
  if (
    !Array.isArray(proof.path) ||
    [proof.mapRoot, proof.historyRoot, ...proof.path].some((h) => typeof h !== 'string' || !/^[0-9a-f]{64}$/.test(h))
  ) {
    return proofFailure('proof hashes must be 64 lower-case hex characters');
  }
  const mapRoot = fromHex(proof.mapRoot);
  const historyRoot = fromHex(proof.historyRoot);
  const expected = ledgerAppHash(mapRoot, historyRoot, proof.historySize);
  if (!bytesEqual(expected, appHash))
    return proofFailure(`the proof's roots give app hash ${toHex(expected)}, not ${toHex(appHash)}`);
  if (proof.kind === 'history' && proof.size !== proof.historySize)
    return proofFailure('a history proof must be against the whole history');
  const leaf = proof.kind === 'map' ? mapLeafHash(key, value) : historyLeafHash(value);
  const check = verifyInclusion(
    hasher,
    proof.index,
    proof.size,
    leaf,
    proof.path.map(fromHex),
    proof.kind === 'map' ? mapRoot : historyRoot,
  );
  return check.ok ? PROOF_OK : proofFailure(`${proof.kind} inclusion: ${check.reason}`);
}
