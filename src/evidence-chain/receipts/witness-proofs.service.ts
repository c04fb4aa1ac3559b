import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ValidationFailed } from '../../platform/errors/domain-error';
import { toHex } from '../canonical/byte-encoding';
import { LogStore } from '../log/log-store';
import { NotAnchoredYet } from './receipt.service';

/** One of a firm's leaves with its RFC 6962 audit path in the tree of `treeSize`. */
export interface FirmLeafProof {
  kind: string;
  recordId: string;
  leafIndex: number;
  /** hex; the leaf hash is SHA-256(0x00 || contentHash) */
  contentHash: string;
  auditPath: string[];
}

const MAX_LEAVES = 1000;

/** What a witness asks the log for: consistency between two sizes, and inclusion of a firm's own leaves. */
@Injectable()
export class WitnessProofsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly log: LogStore,
  ) {}

  /** RFC 6962 consistency proof from size `from` to size `to` of the log as stored. */
  async consistency(from: number, to: number): Promise<{ from: number; to: number; proof: string[] }> {
    if (from > to)
      throw new ValidationFailed('from must not exceed to', [{ pointer: '/query/from', detail: `${from} > ${to}` }]);
    const log = await this.log.current();
    if (to > log.size) throw new NotAnchoredYet(`the log has ${log.size} leaves, fewer than ${to}`);
    return { from, to, proof: from === 0 || from === to ? [] : log.consistencyProof(from, to).map(toHex) };
  }

  /** The firm's leaves at indexes [from, to), each with its audit path in the tree of size `to` (at most 1000; `next` continues). */
  async firmLeaves(
    firmId: string,
    from: number,
    to: number,
  ): Promise<{ treeSize: number; leaves: FirmLeafProof[]; next: number | null }> {
    if (from > to)
      throw new ValidationFailed('from must not exceed to', [{ pointer: '/query/from', detail: `${from} > ${to}` }]);
    const log = await this.log.current();
    if (to > log.size) throw new NotAnchoredYet(`the log has ${log.size} leaves, fewer than ${to}`);
    const rows: Array<{ kind: string; record_id: string; content_hash: Buffer; leaf_index: string }> =
      await this.dataSource.query(
        `SELECT l.record_kind AS kind, l.record_id, l.content_hash, g.leaf_index
         FROM evidence_log g JOIN evidence_leaves l ON l.id = g.leaf_id
        WHERE l.firm_id = $1 AND g.leaf_index >= $2 AND g.leaf_index < $3 ORDER BY g.leaf_index LIMIT $4`,
        [firmId, from, to, MAX_LEAVES + 1],
      );
    const page = rows.slice(0, MAX_LEAVES);
    return {
      treeSize: to,
      leaves: page.map((r) => ({
        kind: r.kind,
        recordId: r.record_id,
        leafIndex: Number(r.leaf_index),
        contentHash: toHex(r.content_hash),
        auditPath: log.inclusionProof(Number(r.leaf_index), to).map(toHex),
      })),
      next: rows.length > MAX_LEAVES ? Number(rows[MAX_LEAVES].leaf_index) : null,
    };
  }
}
