import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Evidence that no longer holds (append-only): a stored record that no longer hashes to its leaf
 * ('record'), a leaf whose content hash no longer matches its Merkle log entry ('leaf'), or a log
 * that no longer produces the root of the latest signed checkpoint ('log', no leaf).
 */
@Entity({ name: 'evidence_tamper_findings' })
export class TamperFindingEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'evidence_tamper_findings_pkey' })
  id!: string;

  @Column({ type: 'text', default: 'record' })
  scope!: 'record' | 'leaf' | 'log';

  @Column({ name: 'leaf_id', type: 'bigint', nullable: true })
  leafId!: string | null;

  @Column({ name: 'record_kind', type: 'text' })
  recordKind!: string;

  @Column({ name: 'record_id', type: 'text' })
  recordId!: string;

  @Column({ name: 'expected_hash', type: 'bytea' })
  expectedHash!: Buffer;

  @Column({ name: 'actual_hash', type: 'bytea' })
  actualHash!: Buffer;

  @CreateDateColumn({ name: 'found_at', type: 'timestamptz' })
  foundAt!: Date;
}
