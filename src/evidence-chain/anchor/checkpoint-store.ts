import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { canonicalBytes } from '../canonical/canonical-json';
import { SignedCheckpoint } from '../checkpoint/checkpoint';
import { CometAnchor, LocalAnchor } from '../verifier/receipt';

export interface StoredAnchor {
  treeSize: number;
  ledger: 'cometbft' | 'local';
  chainId: string;
  height: number;
  txHash: string;
  anchor: CometAnchor | LocalAnchor;
  anchoredAt: string;
}

/** Signed checkpoints and their anchors in PostgreSQL (both tables append-only). */
@Injectable()
export class CheckpointStore {
  constructor(private readonly dataSource: DataSource) {}

  async latest(): Promise<SignedCheckpoint | null> {
    const [row] = await this.dataSource.query(`SELECT body FROM evidence_checkpoints ORDER BY tree_size DESC LIMIT 1`);
    return row ? (JSON.parse(row.body) as SignedCheckpoint) : null;
  }

  async save(signed: SignedCheckpoint): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO evidence_checkpoints (tree_size, root_hash, body, signature, issued_at) VALUES ($1, $2, $3, $4, $5)`,
      [
        signed.checkpoint.treeSize,
        Buffer.from(signed.checkpoint.rootHash, 'hex'),
        new TextDecoder().decode(canonicalBytes(signed)),
        Buffer.from(signed.signature, 'hex'),
        signed.checkpoint.issuedAt,
      ],
    );
  }

  /** Checkpoints not yet anchored, oldest first: they are anchored in order. */
  async unanchored(): Promise<SignedCheckpoint[]> {
    const rows: Array<{ body: string }> = await this.dataSource.query(
      `SELECT c.body FROM evidence_checkpoints c
        WHERE NOT EXISTS (SELECT 1 FROM evidence_anchors a WHERE a.tree_size = c.tree_size)
        ORDER BY c.tree_size`,
    );
    return rows.map((r) => JSON.parse(r.body) as SignedCheckpoint);
  }

  async saveAnchor(
    treeSize: number,
    anchored: Omit<StoredAnchor, 'treeSize' | 'anchoredAt' | 'ledger'> & { ledger: string },
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO evidence_anchors (tree_size, ledger, chain_id, height, tx_hash, anchor) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tree_size) DO NOTHING`,
      [treeSize, anchored.ledger, anchored.chainId, anchored.height, anchored.txHash, JSON.stringify(anchored.anchor)],
    );
  }

  /** The first anchored checkpoint that contains the leaf, with its signed body. */
  async covering(leafIndex: number): Promise<{ signed: SignedCheckpoint; anchor: StoredAnchor } | null> {
    const [row] = await this.dataSource.query(
      `SELECT c.body, a.tree_size, a.ledger, a.chain_id, a.height, a.tx_hash, a.anchor, a.anchored_at
         FROM evidence_checkpoints c JOIN evidence_anchors a ON a.tree_size = c.tree_size
        WHERE c.tree_size > $1 ORDER BY c.tree_size LIMIT 1`,
      [leafIndex],
    );
    return row ? { signed: JSON.parse(row.body), anchor: toStoredAnchor(row) } : null;
  }

  /** Anchored checkpoints, newest first, keyset-paginated by tree size. */
  async list(
    limit: number,
    beforeTreeSize?: number,
  ): Promise<Array<{ signed: SignedCheckpoint; anchor: StoredAnchor | null }>> {
    const rows = await this.dataSource.query(
      `SELECT c.body, a.tree_size, a.ledger, a.chain_id, a.height, a.tx_hash, a.anchor, a.anchored_at
         FROM evidence_checkpoints c LEFT JOIN evidence_anchors a ON a.tree_size = c.tree_size
        WHERE ($2::bigint IS NULL OR c.tree_size < $2) ORDER BY c.tree_size DESC LIMIT $1`,
      [limit, beforeTreeSize ?? null],
    );
    return rows.map((row: Record<string, unknown>) => ({
      signed: JSON.parse(String(row.body)),
      anchor: row.tree_size === null ? null : toStoredAnchor(row),
    }));
  }
}

function toStoredAnchor(row: Record<string, unknown>): StoredAnchor {
  return {
    treeSize: Number(row.tree_size),
    ledger: row.ledger as StoredAnchor['ledger'],
    chainId: String(row.chain_id),
    height: Number(row.height),
    txHash: String(row.tx_hash),
    anchor: row.anchor as StoredAnchor['anchor'],
    anchoredAt: new Date(row.anchored_at as string).toISOString(),
  };
}
