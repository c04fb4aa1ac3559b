import type { EntityManager } from 'typeorm';
import { toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { checkpointSignatureProblem } from '../checkpoint/checkpoint-signature';
import type { SignedCheckpoint } from '../checkpoint/checkpoint';
import { MerkleLog } from '../merkle/merkle-log';

// The record scan compares rows with their leaves (and each leaf with its log entry). Someone who
// rewrites a row, its leaf and its log entry together gets past that; this check closes it: the
// log as stored against the roots the regulator signed (and anchored).

const PAGE = 200_000;

interface CheckpointRow {
  tree_size: string;
  root_hash: Buffer;
}

export interface LogAuditProblem {
  /** The first signed checkpoint the log no longer gives (or the one whose signature fails). */
  treeSize: number;
  /** What that checkpoint says (hex root). */
  expected: string;
  /** What evidence_log gives now at that size (hex root); empty when the log or the checkpoint is broken. */
  actual: string;
  detail: string;
}

/**
 * Recomputes the Merkle log from evidence_log, read afresh (not the anchor leader's copy in
 * memory, which never re-reads old entries), and compares it with the latest signed checkpoint,
 * whose signature is checked against `signerKey`. When the roots differ, a binary search over the
 * stored checkpoints names the first one the log no longer gives: the rewrite lies between the
 * checkpoint before it and it, and the finding stays the same on every later pass.
 */
export async function auditLogAgainstCheckpoint(
  m: EntityManager,
  latest: SignedCheckpoint,
  signerKey: Uint8Array,
): Promise<LogAuditProblem | null> {
  const { treeSize, rootHash } = latest.checkpoint;
  const signature = checkpointSignatureProblem(latest, signerKey);
  if (signature)
    return {
      treeSize,
      expected: rootHash,
      actual: '',
      detail: `the stored checkpoint of size ${treeSize} is not the regulator's: ${signature}`,
    };
  const log = new MerkleLog(treeHasher(nodeSha256), 1 << 16);
  while (log.size < treeSize) {
    const rows: Array<{ leaf_index: string; leaf_hash: Buffer }> = await m.query(
      `SELECT leaf_index, leaf_hash FROM evidence_log WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index`,
      [log.size, Math.min(treeSize, log.size + PAGE)],
    );
    const gap = rows.findIndex((r, i) => Number(r.leaf_index) !== log.size + i);
    if (!rows.length || gap >= 0) {
      const missing = log.size + Math.max(gap, 0);
      return {
        treeSize,
        expected: rootHash,
        actual: '',
        detail: `evidence_log has no entry ${missing} below the signed size ${treeSize}`,
      };
    }
    log.appendAll(Buffer.concat(rows.map((r) => r.leaf_hash)));
  }
  const rootAt = (size: number) => toHex(log.root(size));
  if (rootAt(treeSize) === rootHash) return null;

  // Checkpoints the log still gives lie below the rewrite, those it does not above it.
  let good = 0;
  let bad = { size: treeSize, root: rootHash };
  for (;;) {
    const mid = Math.floor((good + bad.size) / 2);
    // The first checkpoint at or above the middle, else the last one below it.
    const above: CheckpointRow[] = await m.query(
      `SELECT tree_size, root_hash FROM evidence_checkpoints WHERE tree_size >= $1 AND tree_size < $2 ORDER BY tree_size LIMIT 1`,
      [Math.max(mid, good + 1), bad.size],
    );
    const [cp] = above.length
      ? above
      : ((await m.query(
          `SELECT tree_size, root_hash FROM evidence_checkpoints WHERE tree_size > $1 AND tree_size < $2 ORDER BY tree_size DESC LIMIT 1`,
          [good, bad.size],
        )) as CheckpointRow[]);
    if (!cp) break;
    const size = Number(cp.tree_size);
    const root = cp.root_hash.toString('hex');
    if (rootAt(size) === root) good = size;
    else bad = { size, root };
  }
  const actual = rootAt(bad.size);
  return {
    treeSize: bad.size,
    expected: bad.root,
    actual,
    detail: `evidence_log gives root ${actual} at size ${bad.size} where checkpoint ${bad.size} says ${bad.root}: an entry at index ${good} to ${bad.size - 1} was rewritten`,
  };
}
