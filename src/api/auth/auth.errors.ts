import { DomainError, Forbidden } from '../../platform/errors/domain-error';

/** No valid credentials: a missing, expired or forged token, or a failed login (HTTP 401). */
export class Unauthorized extends DomainError {
  readonly code = 'unauthorized';
}

/** The same words for an unknown user, a wrong password, a locked and a disabled account. */
export class LoginRefused extends Unauthorized {
  constructor() {
    super('username or password is wrong, or the account is locked or disabled');
  }
}

export class RoleNotAllowed extends Forbidden {
  constructor(role: string, allowed: readonly string[]) {
    super(`role ${role} may not do this; allowed: ${allowed.join(', ')}`);
  }
}

export class OutsideRegionScope extends Forbidden {
  constructor(regionCode: string) {
    super(`region ${regionCode} is outside your region scope`);
  }
}
