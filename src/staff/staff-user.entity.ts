import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { STAFF_ROLES, type StaffRole } from './staff-role';

/** A member of the bureau's staff in the built-in user store (内置用户库). */
@Entity({ name: 'staff_users' })
@Check('staff_users_username_format', `"username" ~ '^[a-z0-9][a-z0-9._-]{1,63}$'`)
@Check('staff_users_region_code_format', `"region_code" ~ '^[0-9]{6}$'`)
@Check('staff_users_failed_logins_nonnegative', `"failed_logins" >= 0`)
export class StaffUserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'staff_users_pkey' })
  id!: string;

  /** Lower-case login name. */
  @Index('staff_users_username_key', { unique: true })
  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'enum', enum: STAFF_ROLES, enumName: 'staff_role' })
  role!: StaffRole;

  /** 行政区划代码 GB/T 2260 of the region the staff member is responsible for (数据权限范围). */
  @Column({ name: 'region_code', type: 'character', length: 6 })
  regionCode!: string;

  /** `$scrypt$ln=..,r=..,p=..$salt$hash`: parameters and salt travel with the hash. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  /** Consecutive failed logins since the last success or lock. */
  @Column({ name: 'failed_logins', type: 'integer', default: 0 })
  failedLogins!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** When the one login attempt in flight began (a lease: a crashed attempt frees it after a while). */
  @Column({ name: 'login_started_at', type: 'timestamptz', nullable: true })
  loginStartedAt!: Date | null;

  /** Carried in our tokens as `ver`; a password reset or disabling moves it on and revokes them all. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
