import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../../platform/errors/domain-error';
import { FirmApiKeysService, FirmPrincipal } from '../../ingest/keys/firm-api-keys.service';

export class FirmKeyRequired extends DomainError {
  readonly code = 'unauthorized';
}

type FirmRequest = Request & { firm?: FirmPrincipal };

/** Admits a request carrying a valid, unrevoked firm API key (`Authorization: Bearer rsk_...` or `X-Api-Key`). */
@Injectable()
export class FirmKeyGuard implements CanActivate {
  constructor(private readonly keys: FirmApiKeysService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FirmRequest>();
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const presented = bearer ?? (req.headers['x-api-key'] as string | undefined);
    if (!presented) throw new FirmKeyRequired('a firm API key is required (Authorization: Bearer rsk_...)');
    const firm = await this.keys.authenticate(presented);
    if (!firm) throw new FirmKeyRequired('the API key is unknown or revoked');
    req.firm = firm;
    return true;
  }
}

export const CurrentFirm = createParamDecorator((_: unknown, context: ExecutionContext): FirmPrincipal => {
  return context.switchToHttp().getRequest<FirmRequest>().firm!;
});
