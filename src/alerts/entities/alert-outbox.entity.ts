import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { AlertMessageKind } from '../channels/alert-message';
import { ALERT_TIERS, type AlertTier } from '../../scoring/grading/alert-tier';
import type { StoredAlert } from '../persistence/alert-json';
import { AlertEventEntity } from './alert-event.entity';
import { AlertEntity } from './alert.entity';

/**
 * A notification decided but whose delivery rows are not stored yet. Written in the transaction
 * that decides to notify and deleted in the one that stores the delivery rows, so a process that
 * dies in between (after the commit, before or while sending) leaves the row behind; once its
 * lease has run out the alerts role sends it again. Not evidence: the notification event is.
 */
@Entity({ name: 'alert_outbox' })
export class AlertOutboxEntity {
  /** The 'notification' alert_events row; its deliveries are stored against it. */
  @PrimaryColumn('uuid', { name: 'event_id', primaryKeyConstraintName: 'alert_outbox_pkey' })
  eventId!: string;

  @ManyToOne(() => AlertEventEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'alert_outbox_event_id_fkey' })
  event?: AlertEventEntity;

  @Column({ name: 'alert_id', type: 'uuid' })
  alertId!: string;

  @ManyToOne(() => AlertEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'alert_outbox_alert_id_fkey' })
  alert?: AlertEntity;

  @Column({ type: 'text' })
  kind!: AlertMessageKind;

  @Column({ name: 'previous_tier', type: 'enum', enum: ALERT_TIERS, enumName: 'alert_tier', nullable: true })
  previousTier!: AlertTier | null;

  /** The alert as the message describes it (at the notification's version). */
  @Column({ name: 'alert_state', type: 'jsonb' })
  alertState!: StoredAlert;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Database time until which a process is sending it; after that anyone may send it again. */
  @Index('alert_outbox_lease_idx')
  @Column({ name: 'lease_until', type: 'timestamptz' })
  leaseUntil!: Date;

  /** How many times sending started (1 for the first). */
  @Column({ type: 'integer' })
  sends!: number;
}
