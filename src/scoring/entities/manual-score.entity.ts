import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { FirmEntity } from '../../firms/firm.entity';

/**
 * 人工评分: an analyst's adjustment (adjust −100..+100) or replacement (set 0..100) of a firm's
 * score. Append-only (trigger): a revocation is a new row naming the revoked one in `revokes`.
 */
@Entity({ name: 'manual_scores' })
@Index('manual_scores_firm_idx', ['firmId', 'createdAt'])
export class ManualScoreEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'manual_scores_pkey' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id', foreignKeyConstraintName: 'manual_scores_firm_id_fkey' })
  firm?: FirmEntity;

  @Column({ type: 'text' })
  mode!: 'adjust' | 'set';

  @Column({ type: 'numeric', precision: 4, scale: 1 })
  value!: string;

  @Column({ type: 'text' })
  reason!: string;

  /** staff_users.id (or the OIDC subject) of the author. */
  @Column({ name: 'author_staff_id', type: 'text' })
  authorStaffId!: string;

  @Column({ name: 'author_name', type: 'text' })
  authorName!: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  /** Inclusive last day; open-ended when null. */
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  /** Set on a revocation row: the manual score it withdraws. */
  @Column({ type: 'uuid', nullable: true })
  revokes!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
