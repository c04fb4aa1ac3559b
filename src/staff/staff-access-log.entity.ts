import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { STAFF_ROLES, type StaffRole } from './staff-role';

export const ACCESS_OUTCOMES = ['allowed', 'denied'] as const;
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

/**
 * 访问日志: who looked at which firm's data, and every login. Append-only: the database refuses
 * UPDATE and DELETE (trigger forbid_mutation), so an official cannot erase their own traces.
 */
@Entity({ name: 'staff_access_log' })
@Index('staff_access_log_staff_at_idx', ['staffId', 'at'])
@Index('staff_access_log_firm_at_idx', ['firmId', 'at'])
export class StaffAccessLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'staff_access_log_pkey' })
  id!: string;

  @Index('staff_access_log_at_idx')
  @Column({ type: 'timestamptz' })
  at!: Date;

  /** Our staff_users id, or the subject of an external OIDC token; null when the login named nobody known. */
  @Column({ name: 'staff_id', type: 'text', nullable: true })
  staffId!: string | null;

  /** The login name given (logins) or held (requests). */
  @Column({ type: 'text', nullable: true })
  username!: string | null;

  @Column({ type: 'enum', enum: STAFF_ROLES, enumName: 'staff_role', nullable: true })
  role!: StaffRole | null;

  @Column({ name: 'region_code', type: 'character', length: 6, nullable: true })
  regionCode!: string | null;

  @Column({ type: 'text' })
  method!: string;

  @Column({ type: 'text' })
  path!: string;

  @Column({ name: 'firm_id', type: 'uuid', nullable: true })
  firmId!: string | null;

  @Column({ type: 'enum', enum: ACCESS_OUTCOMES, enumName: 'access_outcome' })
  outcome!: AccessOutcome;

  /** Why: 'login', 'bad_password', 'locked', 'region_scope', ... */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;
}
