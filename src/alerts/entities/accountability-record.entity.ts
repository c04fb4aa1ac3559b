import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AlertEntity } from './alert.entity';

/**
 * 问责记录 (数据铁笼): an acknowledgement deadline let lapse, naming the officials whose turn it was
 * (or the vacant role), the deadline and how late. Append-only; an 'accountability' evidence leaf.
 */
@Entity({ name: 'accountability_records' })
@Index('accountability_records_region_at_idx', ['regionCode', 'detectedAt'])
@Index('accountability_records_alert_idx', ['alertId'])
export class AccountabilityRecordEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'accountability_records_pkey' })
  id!: string;

  @Column({ name: 'alert_id', type: 'uuid' })
  alertId!: string;

  @ManyToOne(() => AlertEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'accountability_records_alert_id_fkey' })
  alert?: AlertEntity;

  @Column({ name: 'firm_id', type: 'uuid', nullable: true })
  firmId!: string | null;

  /** The firm's region (county or city): who may read the record. */
  @Column({ name: 'region_code', type: 'character', length: 6 })
  regionCode!: string;

  /** Tier when the deadline lapsed. */
  @Column({ type: 'text' })
  tier!: string;

  @Column({ name: 'deadline_at', type: 'timestamptz' })
  deadlineAt!: Date;

  @Column({ name: 'detected_at', type: 'timestamptz' })
  detectedAt!: Date;

  @Column({ name: 'late_by_ms', type: 'bigint' })
  lateByMs!: string;

  @Column({ name: 'escalation_level', type: 'integer' })
  escalationLevel!: number;

  @Column({ name: 'responsible_role', type: 'text' })
  responsibleRole!: string;

  @Column({ name: 'responsible_region_code', type: 'character', length: 6 })
  responsibleRegionCode!: string;

  /** [{ staffId, name }]; empty when the post was vacant. */
  @Column({ type: 'jsonb' })
  responsible!: Array<{ staffId: string; name: string }>;

  /** { tier, escalationLevel, role, regionCode } of the next step. */
  @Column({ name: 'escalated_to', type: 'jsonb' })
  escalatedTo!: Record<string, unknown>;
}
