import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AlertEntity } from './alert.entity';

export const ALERT_EVENT_KINDS = [
  'system', // the policy or the escalation worker changed the alert (payload: the alert after it)
  'action', // an official's step: acknowledge, start, resolve, mark_false_positive
  'note', // an official's note; the alert does not change
  'notification', // who was to be told and why (payload: recipients, unreachable, deliveries planned)
  'plan', // a contingency plan opened (payload: the plan)
] as const;
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

/**
 * 预警处置记录: every state change, official action, note and notification decision, with who,
 * when and why. Append-only in the database; each row is one evidence leaf ('alert' or 'alert_action').
 */
@Entity({ name: 'alert_events' })
@Index('alert_events_alert_at_idx', ['alertId', 'at'])
export class AlertEventEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'alert_events_pkey' })
  id!: string;

  @Column({ name: 'alert_id', type: 'uuid' })
  alertId!: string;

  @ManyToOne(() => AlertEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'alert_events_alert_id_fkey' })
  alert?: AlertEntity;

  /** alerts.version after the event. */
  @Column({ name: 'alert_version', type: 'integer' })
  alertVersion!: number;

  @Column({ type: 'text' })
  kind!: AlertEventKind;

  /** open, worsen, downgrade, close, escalate, acknowledge, ..., note, opened/worsened/escalated (notification), plan. */
  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'text', nullable: true })
  toStatus!: string | null;

  @Column({ type: 'text', nullable: true })
  tier!: string | null;

  /** staff_users.id (or OIDC subject) of an official; null for the system. */
  @Column({ name: 'actor_staff_id', type: 'text', nullable: true })
  actorStaffId!: string | null;

  /** { kind: 'staff', staffId, name, role } or { kind: 'system', component }. */
  @Column({ type: 'jsonb' })
  actor!: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  payload!: Record<string, unknown> | null;
}
