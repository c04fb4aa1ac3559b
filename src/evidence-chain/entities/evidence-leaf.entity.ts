import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One piece of evidence: a record's kind, id and content hash. Append-only in the database
 * (trigger forbid_mutation). The leaf enters the Merkle log when the anchor role sequences it.
 */
@Entity({ name: 'evidence_leaves' })
@Check('evidence_leaves_content_hash_length', `octet_length("content_hash") = 32`)
@Index('evidence_leaves_record_idx', ['recordKind', 'recordId'])
export class EvidenceLeafEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'evidence_leaves_pkey' })
  id!: string;

  /** e.g. p2p_report, contract, document, assessment, alert, alert_action. */
  @Column({ name: 'record_kind', type: 'text' })
  recordKind!: string;

  @Column({ name: 'record_id', type: 'text' })
  recordId!: string;

  /** SHA-256 of the record's RFC 8785 canonical bytes (raw bytes for documents). */
  @Column({ name: 'content_hash', type: 'bytea' })
  contentHash!: Buffer;

  /** The firm the record belongs to, when it belongs to one: a firm reads only its own receipts. */
  @Index('evidence_leaves_firm_idx')
  @Column({ name: 'firm_id', type: 'uuid', nullable: true })
  firmId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
