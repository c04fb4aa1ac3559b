import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { AccessLogService, type AccessRequest } from './access-log.service';
import { RateLimiter } from '../rate-limiter';
import { LoginRefused, Unauthorized } from './auth.errors';
import { AuthClock } from './clock';
import { hashPassword, verifyPassword } from './password-hash';
import { normaliseUsername, StaffDirectoryService } from './staff-directory.service';
import { TokenService, type IssuedToken } from './token.service';

/**
 * Password login against the built-in user store, with lockout. Every refusal looks and takes
 * the same (a password is hashed even for an unknown user); the access log keeps the real reason.
 * Failed logins are also throttled per client IP: the lockout guards one account, the throttle
 * guards against one address trying a password on many accounts, and costs it no scrypt once hit.
 */
@Injectable()
export class LoginService {
  private dummyHash?: Promise<string>;
  private readonly failuresByIp: RateLimiter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: StaffDirectoryService,
    private readonly tokens: TokenService,
    private readonly accessLog: AccessLogService,
    private readonly clock: AuthClock,
  ) {
    const perMinute = config.auth.loginFailuresPerMinute;
    this.failuresByIp = new RateLimiter(perMinute / 60, () => clock.now().getTime(), 'failed logins from this address', perMinute * 2);
  }

  async login(username: string, password: string, request: AccessRequest, clientIp: string): Promise<IssuedToken> {
    if (!this.config.auth.passwordLogin) throw new Unauthorized('password login is turned off here: sign in with the identity provider');
    this.failuresByIp.check(clientIp);
    try {
      return await this.attempt(username, password, request);
    } catch (error) {
      if (error instanceof LoginRefused) this.failuresByIp.spend(clientIp);
      throw error;
    }
  }

  private async attempt(username: string, password: string, request: AccessRequest): Promise<IssuedToken> {
    const user = await this.directory.credentialsOf(username);
    const now = this.clock.now();
    const refusal = !user ? 'unknown_user' : user.disabled ? 'disabled' : user.lockedUntil && user.lockedUntil > now ? 'locked' : null;
    if (!user || refusal) {
      await verifyPassword(password, await this.dummy());
      await this.accessLog.record({
        staff: user ?? { id: null, username: normaliseUsername(username), role: null, regionCode: null },
        request,
        outcome: 'denied',
        reason: refusal ?? 'unknown_user',
      });
      throw new LoginRefused();
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      const { maxFailures, durationSeconds } = this.config.auth.lockout;
      const locked = await this.directory.noteFailedLogin(user.id, maxFailures, new Date(now.getTime() + durationSeconds * 1000));
      await this.accessLog.record({ staff: user, request, outcome: 'denied', reason: locked ? 'bad_password_now_locked' : 'bad_password' });
      throw new LoginRefused();
    }
    await this.directory.noteSuccessfulLogin(user.id);
    await this.accessLog.record({ staff: user, request, outcome: 'allowed', reason: 'login' });
    return this.tokens.issue(user);
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
