import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { FirmEntity } from '../../firms/firm.entity';

/**
 * 查实事项: a fact an inspection or investigation confirmed about a firm (FINDING_LABELS), read by the
 * qualitative rules. Append-only (trigger): closing it (整改完成 / overturned) is a new row whose
 * `closes` names the finding and whose `effectiveOn` is the day it stopped counting.
 */
@Entity({ name: 'supervision_findings' })
@Index('supervision_findings_firm_idx', ['firmId', 'effectiveOn'])
@Index('supervision_findings_closes_key', ['closes'], { unique: true })
export class SupervisionFindingEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'supervision_findings_pkey' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id', foreignKeyConstraintName: 'supervision_findings_firm_id_fkey' })
  firm?: FirmEntity;

  /** A FindingCode (term_splitting, deposit_taking ...); the closing row repeats it. */
  @Column({ type: 'text' })
  code!: string;

  /** The day the finding was confirmed (查实日期), or on a closing row the day it was closed. */
  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn!: string;

  /** Where it comes from: 现场检查 2026-03, 非现场监测, 公安移送 ... */
  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text' })
  note!: string;

  @Column({ type: 'uuid', nullable: true })
  closes!: string | null;

  @ManyToOne(() => SupervisionFindingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'closes', foreignKeyConstraintName: 'supervision_findings_closes_fkey' })
  closed?: SupervisionFindingEntity;

  @Column({ name: 'author_staff_id', type: 'text' })
  authorStaffId!: string;

  @Column({ name: 'author_name', type: 'text' })
  authorName!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
