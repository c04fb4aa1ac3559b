import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { FirmApiKeysService, type FirmPrincipal } from '../../ingest/keys/firm-api-keys.service';
import { Unauthorized } from '../auth/auth.errors';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { StaffTokenVerifier } from '../auth/staff-token-verifier';

/** Who called a route open to staff and firms alike. */
export type Caller = { staff: StaffPrincipal } | { firm: FirmPrincipal };

type CallerRequest = Request & { caller?: Caller };

/**
 * Admits a staff token (any role) or a firm API key: `Bearer rsk_...` and `X-Api-Key` are firm
 * keys, any other bearer token must be a staff token.
 */
@Injectable()
export class StaffOrFirmGuard implements CanActivate {
  constructor(
    private readonly tokens: StaffTokenVerifier,
    private readonly keys: FirmApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<CallerRequest>();
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    const apiKey = req.headers['x-api-key'] as string | undefined;
    if (!bearer && !apiKey)
      throw new Unauthorized('a staff token or a firm API key is required (Authorization: Bearer ...)');
    if (apiKey || bearer!.startsWith('rsk_')) {
      const firm = await this.keys.authenticate(apiKey ?? bearer!);
      if (!firm) throw new Unauthorized('the API key is unknown or revoked');
      req.caller = { firm };
    } else {
      req.caller = { staff: await this.tokens.principalOf(bearer!) };
    }
    return true;
  }
}

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  return context.switchToHttp().getRequest<CallerRequest>().caller!;
});
