import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Position of a leaf in the append-only RFC 6962 log: leaf_index is dense, 0, 1, 2, ... */
@Entity({ name: 'evidence_log' })
@Check('evidence_log_leaf_index_non_negative', `"leaf_index" >= 0`)
export class EvidenceLogEntryEntity {
  @PrimaryColumn({ name: 'leaf_index', type: 'bigint', primaryKeyConstraintName: 'evidence_log_pkey' })
  leafIndex!: string;

  @Index('evidence_log_leaf_id_key', { unique: true })
  @Column({ name: 'leaf_id', type: 'bigint' })
  leafId!: string;

  /** SHA-256(0x00 || content_hash), RFC 6962 leaf hash. */
  @Column({ name: 'leaf_hash', type: 'bytea' })
  leafHash!: Buffer;

  @CreateDateColumn({ name: 'sequenced_at', type: 'timestamptz' })
  sequencedAt!: Date;
}
