import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Where a checkpoint was anchored, with the proofs a receipt carries. Append-only. */
@Entity({ name: 'evidence_anchors' })
export class EvidenceAnchorEntity {
  @PrimaryColumn({ name: 'tree_size', type: 'bigint', primaryKeyConstraintName: 'evidence_anchors_pkey' })
  treeSize!: string;

  @Column({ type: 'text' })
  ledger!: 'cometbft' | 'local';

  @Column({ name: 'chain_id', type: 'text' })
  chainId!: string;

  @Column({ type: 'bigint' })
  height!: string;

  @Column({ name: 'tx_hash', type: 'text' })
  txHash!: string;

  /** The receipt's `anchor` member, as EVIDENCE.md specifies it. */
  @Column({ type: 'jsonb' })
  anchor!: Record<string, unknown>;

  @CreateDateColumn({ name: 'anchored_at', type: 'timestamptz' })
  anchoredAt!: Date;
}
