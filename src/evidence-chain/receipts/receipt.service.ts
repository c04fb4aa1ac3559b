import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, NotFound } from '../../platform/errors/domain-error';
import { toHex } from '../canonical/byte-encoding';
import { CheckpointStore } from '../anchor/checkpoint-store';
import { LogStore } from '../log/log-store';
import { Receipt, ReceiptSubmission } from '../verifier/receipt';
import { EvidenceKindRegistry } from '../kinds/evidence-kind-registry';
import { witnessedBy } from './witnessed-by';

export class NotAnchoredYet extends DomainError {
  readonly code = 'not_ready';
  readonly retryAfterSeconds = 5;
}

export interface CheckpointView {
  checkpoint: Receipt['inclusion']['checkpoint'];
  signature: string;
  publicKey: string;
  anchor: { ledger: string; chainId: string; height: number; txHash: string; anchoredAt: string } | null;
  /** Proof that this checkpoint's tree extends the next older listed one. */
  consistency: { fromTreeSize: number; proof: string[] } | null;
}

/** Who asks: a firm sees receipts of its own records only; staff with evidence rights see all. */
export type ReceiptReader = { firmId: string } | { staff: true };

/** Builds the self-contained receipt of EVIDENCE.md for a record, from the log and the anchors. */
@Injectable()
export class ReceiptService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly log: LogStore,
    private readonly checkpointStore: CheckpointStore,
    private readonly kinds: EvidenceKindRegistry,
  ) {}

  /**
   * Checkpoints newest first, each with the consistency proof from the checkpoint before it:
   * anyone can check that every checkpoint extends the previous one (nothing removed or reordered).
   */
  async checkpoints(limit: number, beforeTreeSize?: number): Promise<CheckpointView[]> {
    const page = await this.checkpointStore.list(limit + 1, beforeTreeSize);
    const log = await this.log.current();
    return page.slice(0, limit).map((entry, i) => {
      const older = page[i + 1]?.signed.checkpoint.treeSize;
      const size = entry.signed.checkpoint.treeSize;
      return {
        checkpoint: entry.signed.checkpoint,
        signature: entry.signed.signature,
        publicKey: entry.signed.publicKey,
        anchor: entry.anchor
          ? {
              ledger: entry.anchor.ledger,
              chainId: entry.anchor.chainId,
              height: entry.anchor.height,
              txHash: entry.anchor.txHash,
              anchoredAt: entry.anchor.anchoredAt,
            }
          : null,
        consistency:
          older !== undefined && size <= log.size
            ? { fromTreeSize: older, proof: log.consistencyProof(older, size).map(toHex) }
            : null,
      };
    });
  }

  /** A pushed record's envelope (commitment, firm signature) and the salt that opens it. */
  private async submissionOf(kind: string, id: string): Promise<ReceiptSubmission | undefined> {
    return this.kinds.get(kind)?.submissionOf?.(this.dataSource.manager, id);
  }

  async receipt(kind: string, id: string, reader: ReceiptReader): Promise<Receipt> {
    // The newest leaf of the record: a record id is unique, a document may have been sent twice.
    const [leaf] = await this.dataSource.query(
      `SELECT l.content_hash, l.firm_id, g.leaf_index
         FROM evidence_leaves l LEFT JOIN evidence_log g ON g.leaf_id = l.id
        WHERE l.record_kind = $1 AND l.record_id = $2
        ORDER BY l.id DESC LIMIT 1`,
      [kind, id],
    );
    if (!leaf || ('firmId' in reader && leaf.firm_id !== reader.firmId))
      throw new NotFound(`no evidence of ${kind} ${id}`);
    if (leaf.leaf_index === null)
      throw new NotAnchoredYet(
        `${kind} ${id} is stored and queued for the log; its receipt is ready after the next checkpoint`,
      );
    const leafIndex = Number(leaf.leaf_index);
    const covering = await this.checkpointStore.covering(leafIndex);
    if (!covering)
      throw new NotAnchoredYet(
        `${kind} ${id} is in the log at index ${leafIndex}; no anchored checkpoint covers it yet`,
      );

    const submission = await this.submissionOf(kind, id);
    const witnesses = await witnessedBy(this.dataSource, covering.signed.checkpoint.origin, leafIndex);
    const { signed, anchor } = covering;
    const treeSize = signed.checkpoint.treeSize;
    let log = await this.log.current();
    if (log.size < treeSize) log = await this.log.current();
    return {
      v: 1,
      hashAlg: 'sha-256',
      tree: 'rfc6962',
      record: {
        kind,
        id,
        contentHash: toHex(leaf.content_hash),
        canonicalization: this.kinds.get(kind)?.canonicalization ?? 'jcs',
        ...(submission && { submission }),
      },
      inclusion: {
        logOrigin: signed.checkpoint.origin,
        leafIndex,
        treeSize,
        auditPath: log.inclusionProof(leafIndex, treeSize).map(toHex),
        rootHash: signed.checkpoint.rootHash,
        checkpointSignature: signed.signature,
        checkpoint: signed.checkpoint,
        checkpointKey: signed.publicKey,
      },
      anchor: anchor.anchor,
      ...(witnesses.length > 0 && { witnessedBy: witnesses }),
    };
  }
}
