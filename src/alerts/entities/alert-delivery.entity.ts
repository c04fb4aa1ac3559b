import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AlertEntity } from './alert.entity';

/**
 * 送达记录: the outcome of one message to one recipient on one channel (a group robot shared by
 * three people gives three rows with the same masked target). Written once, when the dispatcher is
 * done with it; append-only; each row is an 'alert_delivery' evidence leaf.
 */
@Entity({ name: 'alert_deliveries' })
@Index('alert_deliveries_alert_idx', ['alertId', 'createdAt'])
export class AlertDeliveryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'alert_deliveries_pkey' })
  id!: string;

  @Column({ name: 'alert_id', type: 'uuid' })
  alertId!: string;

  @ManyToOne(() => AlertEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'alert_deliveries_alert_id_fkey' })
  alert?: AlertEntity;

  /** The 'notification' alert_events row this delivery carries out. */
  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  /** Directory entry id: staff_users.id or staff_contacts.id of an office. */
  @Column({ name: 'recipient_id', type: 'text' })
  recipientId!: string;

  /** wecom, dingtalk, sms, webpush, log. */
  @Column({ type: 'text' })
  channel!: string;

  /** Target without secrets: webhook keys, tokens and most phone digits masked. */
  @Column({ name: 'masked_target', type: 'text' })
  maskedTarget!: string;

  /** delivered, failed, timed_out, skipped. */
  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** Every attempt: start, duration, outcome. */
  @Column({ name: 'attempt_log', type: 'jsonb' })
  attemptLog!: unknown[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
