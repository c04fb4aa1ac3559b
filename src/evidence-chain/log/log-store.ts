import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { treeHasher } from '../canonical/tree-hasher';
import { nodeSha256 } from '../canonical/sha256-node';
import { MerkleLog } from '../merkle/merkle-log';
import { workerLevelHasher } from '../merkle/parallel-levels';

/**
 * The Merkle log as PostgreSQL holds it (evidence_log) and a copy in memory for proofs. Leaf
 * hashes are 32 bytes: a million leaves are 32 MB, loaded once and then only the new rows.
 */
@Injectable()
export class LogStore {
  private readonly log = new MerkleLog(treeHasher(nodeSha256), 1 << 16);
  private readonly levels = workerLevelHasher();
  private syncing?: Promise<MerkleLog>;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Moves queued leaves into the log, in leaf id order, giving them the next dense indexes.
   * Only the anchor leader calls this (advisory lock), so max(leaf_index) cannot race.
   */
  async sequencePending(limit = 100_000, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: Array<{ count: string }> = await manager.query(
      `WITH taken AS (
         DELETE FROM evidence_pending
          WHERE leaf_id IN (SELECT leaf_id FROM evidence_pending ORDER BY leaf_id LIMIT $1)
         RETURNING leaf_id
       ), base AS (SELECT coalesce(max(leaf_index) + 1, 0) AS next FROM evidence_log),
       appended AS (
         INSERT INTO evidence_log (leaf_index, leaf_id, leaf_hash)
         SELECT base.next + row_number() OVER (ORDER BY t.leaf_id) - 1, t.leaf_id, sha256('\\x00'::bytea || l.content_hash)
           FROM taken t JOIN evidence_leaves l ON l.id = t.leaf_id CROSS JOIN base
         RETURNING 1
       )
       SELECT count(*) AS count FROM appended`,
      [limit],
    );
    return Number(rows[0].count);
  }

  /** The in-memory log, brought up to date with the database (concurrent callers share one load). */
  async current(): Promise<MerkleLog> {
    this.syncing ??= this.load().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async load(): Promise<MerkleLog> {
    for (;;) {
      const rows: Array<{ leaf_hash: Buffer }> = await this.dataSource.query(
        `SELECT leaf_hash FROM evidence_log WHERE leaf_index >= $1 ORDER BY leaf_index LIMIT 200000`,
        [this.log.size],
      );
      if (rows.length) this.log.appendAll(Buffer.concat(rows.map((r) => r.leaf_hash)));
      if (rows.length < 200_000) break;
    }
    // After a cold start (or a big burst) most subtrees are unhashed: hash them on every core,
    // off the event loop, instead of in the first root() or proof.
    await this.log.warm(this.levels);
    return this.log;
  }
}
