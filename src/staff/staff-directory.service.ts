import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { isStaffRole, STAFF_ROLES, type StaffRole } from './staff-role';
import { Conflict, NotFound, ValidationFailed, type FieldProblem } from '../platform/errors/domain-error';
import { StaffUserEntity } from './staff-user.entity';
import { hashPassword } from './password-hash';
import { roleRegionProblem } from './region-scope';
import { isUuid } from '../platform/uuid';

export interface NewStaffUser {
  username: string;
  displayName: string;
  role: StaffRole;
  regionCode: string;
  password: string;
}

/** A staff member as other modules see them: never the password hash. */
export interface StaffProfile {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  regionCode: string;
  disabled: boolean;
}

export const MIN_PASSWORD_LENGTH = 10;

/** The built-in user store (内置用户库) of the embedded default; production may use OIDC instead. */
@Injectable()
export class StaffDirectoryService {
  constructor(@InjectRepository(StaffUserEntity) private readonly users: Repository<StaffUserEntity>) {}

  async create(input: NewStaffUser): Promise<StaffProfile> {
    const username = normaliseUsername(input.username ?? '');
    const problems = newUserProblems({ ...input, username });
    if (problems.length) throw new ValidationFailed('the staff user is not valid', problems);
    const entity = this.users.create({
      username,
      displayName: input.displayName.trim(),
      role: input.role,
      regionCode: input.regionCode,
      passwordHash: await hashPassword(input.password),
    });
    try {
      return toProfile(await this.users.save(entity));
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new Conflict(`a staff user named ${username} already exists`);
      }
      throw error;
    }
  }

  async findById(id: string): Promise<StaffProfile | null> {
    const user = await this.users.findOneBy({ id });
    return user ? toProfile(user) : null;
  }

  async findByUsername(username: string): Promise<StaffProfile | null> {
    const user = await this.users.findOneBy({ username: normaliseUsername(username) });
    return user ? toProfile(user) : null;
  }

  async count(): Promise<number> {
    return this.users.count();
  }

  async list(): Promise<StaffProfile[]> {
    return (await this.users.find({ order: { username: 'ASC' } })).map(toProfile);
  }

  /** A disabled account cannot sign in, and the tokens it holds stop working at once. */
  async setDisabled(id: string, disabled: boolean): Promise<StaffProfile> {
    const user = await this.existing(id);
    // Moving the token version on revokes every token issued before, on every route.
    await this.users.update({ id: user.id }, { disabled, tokenVersion: () => '"token_version" + 1' });
    return toProfile({ ...user, disabled });
  }

  /** Sets a new password (an administrator's reset), lifts a lockout and revokes the tokens issued before. */
  async resetPassword(id: string, password: string): Promise<StaffProfile> {
    const user = await this.existing(id);
    if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
      throw new ValidationFailed('the password is not valid', [
        { pointer: '/password', detail: `must have at least ${MIN_PASSWORD_LENGTH} characters` },
      ]);
    }
    const passwordHash = await hashPassword(password);
    await this.users.update(
      { id: user.id },
      { passwordHash, failedLogins: 0, lockedUntil: null, tokenVersion: () => '"token_version" + 1' },
    );
    return toProfile(user);
  }

  /** True only for a built-in account that is disabled; OIDC subjects are not in this store. */
  async isDisabled(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows: Array<{ disabled: boolean }> = await this.users.query(
      `SELECT "disabled" FROM "staff_users" WHERE "id" = $1`,
      [id],
    );
    return rows[0]?.disabled ?? false;
  }

  private async existing(id: string): Promise<StaffUserEntity> {
    const user = isUuid(id) ? await this.users.findOneBy({ id }) : null;
    if (!user) throw new NotFound(`no staff user ${id}`);
    return user;
  }

  /** For the login flow only: the row with its password hash and lockout state. */
  async credentialsOf(username: string): Promise<StaffUserEntity | null> {
    return this.users.findOneBy({ username: normaliseUsername(username) });
  }

  /**
   * Reserves a login attempt before the password is checked, in one statement: refused while the
   * account is disabled, locked or has another attempt in flight; otherwise the attempt is counted
   * as a failure up front (the `maxFailures`-th locks the account until `lockUntil`) and marked in
   * flight. Concurrent attempts therefore cannot all be evaluated against an unlocked account.
   * `finishLogin` refunds the count on success and clears the in-flight mark either way.
   */
  async reserveLogin(id: string, now: Date, maxFailures: number, lockUntil: Date): Promise<LoginReservation> {
    const [rows] = (await this.users.query(
      `UPDATE "staff_users"
          SET "failed_logins" = CASE WHEN "failed_logins" + 1 >= $2 THEN 0 ELSE "failed_logins" + 1 END,
              "locked_until" = CASE WHEN "failed_logins" + 1 >= $2 THEN $3::timestamptz ELSE "locked_until" END,
              "login_started_at" = $4::timestamptz
        WHERE "id" = $1 AND NOT "disabled"
          AND ("locked_until" IS NULL OR "locked_until" <= $4::timestamptz)
          AND ("login_started_at" IS NULL OR "login_started_at" <= $4::timestamptz - make_interval(secs => $5))
        RETURNING "failed_logins" = 0 AS locks`,
      [id, maxFailures, lockUntil, now, LOGIN_LEASE_SECONDS],
    )) as [Array<{ locks: boolean }>, number];
    if (rows.length) return { reserved: true, locksOnFailure: rows[0].locks };
    // Not reserved: say why, for the access log only (the caller sees one refusal for all).
    const user = await this.users.findOneBy({ id });
    const refusal =
      !user || user.disabled ? 'disabled' : user.lockedUntil && user.lockedUntil > now ? 'locked' : 'attempt_in_flight';
    return { reserved: false, refusal };
  }

  /** Ends a reserved attempt: a success refunds the failure counted up front and lifts the lock. */
  async finishLogin(id: string, succeeded: boolean): Promise<void> {
    if (succeeded) await this.users.update({ id }, { failedLogins: 0, lockedUntil: null, loginStartedAt: null });
    else await this.users.update({ id }, { loginStartedAt: null });
  }

  /**
   * Why a token of ours must no longer be accepted, or null: the account is gone or disabled, or
   * its token version moved on (password reset, disabling) since the token was issued.
   */
  async tokenRefusal(id: string, tokenVersion: number): Promise<string | null> {
    if (!isUuid(id)) return 'this staff account does not exist';
    const rows: Array<{ disabled: boolean; token_version: number }> = await this.users.query(
      `SELECT "disabled", "token_version" FROM "staff_users" WHERE "id" = $1`,
      [id],
    );
    if (!rows[0]) return 'this staff account does not exist';
    if (rows[0].disabled) return 'this staff account is disabled';
    if (rows[0].token_version !== tokenVersion)
      return 'token was revoked (password reset or account disabled since): sign in again';
    return null;
  }
}

// An attempt in flight longer than this (a crashed replica) no longer blocks the account.
const LOGIN_LEASE_SECONDS = 30;

export type LoginReservation =
  | { reserved: true; locksOnFailure: boolean }
  | { reserved: false; refusal: 'disabled' | 'locked' | 'attempt_in_flight' };

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

function newUserProblems(input: NewStaffUser): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(input.username)) {
    problems.push({
      pointer: '/username',
      detail: 'must be 2-64 characters of a-z, 0-9, dot, underscore or hyphen, starting with a letter or digit',
    });
  }
  if (typeof input.displayName !== 'string' || input.displayName.trim() === '')
    problems.push({ pointer: '/displayName', detail: 'must be a non-empty name' });
  if (!isStaffRole(input.role)) {
    problems.push({ pointer: '/role', detail: `must be one of ${STAFF_ROLES.join(', ')}` });
  } else {
    const regionProblem = roleRegionProblem(input.role, input.regionCode ?? '');
    if (regionProblem) problems.push({ pointer: '/regionCode', detail: regionProblem });
  }
  if (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD_LENGTH) {
    problems.push({ pointer: '/password', detail: `must have at least ${MIN_PASSWORD_LENGTH} characters` });
  }
  return problems;
}

function toProfile(user: StaffUserEntity): StaffProfile {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionCode: user.regionCode,
    disabled: user.disabled,
  };
}
