import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A browser's Web Push subscription (mobile page) of one official. */
@Entity({ name: 'push_subscriptions' })
export class PushSubscriptionEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'push_subscriptions_pkey' })
  id!: string;

  /** staff_users.id or the OIDC subject; no foreign key, OIDC officials are not in staff_users. */
  @Index('push_subscriptions_staff_idx')
  @Column({ name: 'staff_id', type: 'text' })
  staffId!: string;

  /** The push service's capability URL: a secret, never logged in full. */
  @Index('push_subscriptions_endpoint_key', { unique: true })
  @Column({ type: 'text' })
  endpoint!: string;

  /** Browser's P-256 public key and auth secret (base64url). */
  @Column({ type: 'text' })
  p256dh!: string;

  @Column({ type: 'text' })
  auth!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
