import { Injectable } from '@nestjs/common';
import { Unauthorized } from './auth.errors';
import { StaffDirectoryService } from '../../staff/staff-directory.service';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { TokenService } from './token.service';

/**
 * The one check every guard runs on a staff token: signature and claims (TokenService), then the
 * account as it is now. Our own tokens must carry the account's current token version, so a
 * password reset or disabling revokes them on every route at once; an external issuer's subject
 * is refused only if it names a disabled account of the built-in store.
 */
@Injectable()
export class StaffTokenVerifier {
  constructor(
    private readonly tokens: TokenService,
    private readonly directory: StaffDirectoryService,
  ) {}

  async principalOf(token: string): Promise<StaffPrincipal> {
    const { principal, tokenVersion } = await this.tokens.verified(token);
    if (tokenVersion === null) {
      if (await this.directory.isDisabled(principal.id)) throw new Unauthorized('this staff account is disabled');
      return principal;
    }
    const refusal = await this.directory.tokenRefusal(principal.id, tokenVersion);
    if (refusal) throw new Unauthorized(refusal);
    return principal;
  }
}
