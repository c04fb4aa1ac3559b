import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A stored record whose content no longer hashes to its evidence leaf. Append-only. */
@Entity({ name: 'evidence_tamper_findings' })
export class TamperFindingEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'evidence_tamper_findings_pkey' })
  id!: string;

  @Column({ name: 'leaf_id', type: 'bigint' })
  leafId!: string;

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
