import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AlertEntity } from './alert.entity';

/** 应急预案 opened for a red alert: one per alert. */
@Entity({ name: 'contingency_plans' })
export class ContingencyPlanEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'contingency_plans_pkey' })
  id!: string;

  @Index('contingency_plans_alert_key', { unique: true })
  @Column({ name: 'alert_id', type: 'uuid' })
  alertId!: string;

  @ManyToOne(() => AlertEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'contingency_plans_alert_id_fkey' })
  alert?: AlertEntity;

  /** contingency-plans.yaml template id. */
  @Column({ name: 'template_id', type: 'text' })
  templateId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;
}
