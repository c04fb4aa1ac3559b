import { randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { AccessLogService, type AccessRequest } from './access-log.service';
import { RateLimiter } from '../rate-limiter';
import { LoginRefused, Unauthorized } from './auth.errors';
import { AuthClock } from './clock';
import { hashPassword, verifyPassword } from '../../staff/password-hash';
import { type LoginReservation, normaliseUsername, StaffDirectoryService } from '../../staff/staff-directory.service';
import { TokenService, type IssuedToken } from './token.service';

// How long a login waits for another attempt on the same account (a scrypt check takes ~0.1 s).
const IN_FLIGHT_WAIT_MS = 5_000;
const IN_FLIGHT_POLL_MS = 50;

/**
 * Password login against the built-in user store, with lockout. Every refusal looks and takes
 * the same (a password is hashed even for an unknown user); the access log keeps the real reason.
 *
 * Limits are reserved before the password is checked, never read before and written after: the
 * throttle takes its token first and gives it back on success; the account's attempt is counted
 * (and, at the limit, the account locked) in one statement before scrypt runs, refunded on success,
 * with at most one attempt in flight per account. Parallel guesses therefore get no more tries
 * than sequential ones. The throttle is keyed on (client address, username): staff behind one NAT
 * or ingress never lose their own login to someone else's failures; the per-account lock stays.
 */
@Injectable()
export class LoginService {
  private dummyHash?: Promise<string>;
  private readonly failures: RateLimiter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: StaffDirectoryService,
    private readonly tokens: TokenService,
    private readonly accessLog: AccessLogService,
    private readonly clock: AuthClock,
  ) {
    const perMinute = config.auth.loginFailuresPerMinute;
    this.failures = new RateLimiter(
      perMinute / 60,
      () => clock.now().getTime(),
      'failed logins for this account from this address',
      perMinute * 2,
    );
  }

  async login(username: string, password: string, request: AccessRequest, clientIp: string): Promise<IssuedToken> {
    if (!this.config.auth.passwordLogin)
      throw new Unauthorized('password login is turned off here: sign in with the identity provider');
    const throttleKey = `${clientIp} ${normaliseUsername(username)}`;
    this.failures.take(throttleKey);
    let refused = false;
    try {
      return await this.attempt(username, password, request);
    } catch (error) {
      refused = error instanceof LoginRefused;
      throw error;
    } finally {
      if (!refused) this.failures.refund(throttleKey);
    }
  }

  private async attempt(username: string, password: string, request: AccessRequest): Promise<IssuedToken> {
    const user = await this.directory.credentialsOf(username);
    if (!user)
      return this.refuse(
        password,
        { id: null, username: normaliseUsername(username), role: null, regionCode: null },
        request,
        'unknown_user',
      );
    const reservation = await this.reserve(user.id);
    if (!reservation.reserved) return this.refuse(password, user, request, reservation.refusal);
    let succeeded = false;
    try {
      succeeded = await verifyPassword(password, user.passwordHash);
    } finally {
      await this.directory.finishLogin(user.id, succeeded);
    }
    if (!succeeded) {
      await this.accessLog.record({
        staff: user,
        request,
        outcome: 'denied',
        reason: reservation.locksOnFailure ? 'bad_password_now_locked' : 'bad_password',
      });
      throw new LoginRefused();
    }
    await this.accessLog.record({ staff: user, request, outcome: 'allowed', reason: 'login' });
    return this.tokens.issue(user);
  }

  /**
   * Reserves this account's attempt. Another attempt in flight is waited for, not refused: the same
   * person signing in from two tabs, or two tools sharing an account, must both get in. Waiting keeps
   * attempts one at a time, so parallel guesses still get no more tries than sequential ones.
   */
  private async reserve(userId: string): Promise<LoginReservation> {
    const { maxFailures, durationSeconds } = this.config.auth.lockout;
    const giveUpAt = Date.now() + IN_FLIGHT_WAIT_MS;
    for (;;) {
      const now = this.clock.now();
      const reservation = await this.directory.reserveLogin(
        userId,
        now,
        maxFailures,
        new Date(now.getTime() + durationSeconds * 1000),
      );
      if (reservation.reserved || reservation.refusal !== 'attempt_in_flight' || Date.now() >= giveUpAt)
        return reservation;
      await setTimeout(IN_FLIGHT_POLL_MS);
    }
  }

  /** The same refusal, at the same cost, whatever the reason; only the access log tells them apart. */
  private async refuse(
    password: string,
    staff: Parameters<AccessLogService['record']>[0]['staff'],
    request: AccessRequest,
    reason: string,
  ): Promise<never> {
    await verifyPassword(password, await this.dummy());
    await this.accessLog.record({ staff, request, outcome: 'denied', reason });
    throw new LoginRefused();
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
