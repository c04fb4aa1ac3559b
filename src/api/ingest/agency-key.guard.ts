import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { AgencyApiKeysService, AgencyPrincipal } from '../../ingest/keys/agency-api-keys.service';
import { DomainError, Forbidden } from '../../platform/errors/domain-error';

export class AgencyKeyRequired extends DomainError {
  readonly code = 'unauthorized';
}

type AgencyRequest = Request & { agency?: AgencyPrincipal };

/** Admits a request carrying a valid, unrevoked agency API key (`Authorization: Bearer rga_...` or `X-Api-Key`). */
@Injectable()
export class AgencyKeyGuard implements CanActivate {
  constructor(private readonly keys: AgencyApiKeysService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AgencyRequest>();
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const presented = bearer ?? (req.headers['x-api-key'] as string | undefined);
    if (!presented) throw new AgencyKeyRequired('an agency API key is required (Authorization: Bearer rga_...)');
    if (presented.startsWith('rsk_'))
      throw new Forbidden(
        'a firm API key cannot send government feeds; firms push their own records under /v1/ingest/{kind}',
      );
    const agency = await this.keys.authenticate(presented);
    if (!agency) throw new AgencyKeyRequired('the agency API key is unknown or revoked');
    req.agency = agency;
    return true;
  }
}

export const CurrentAgency = createParamDecorator((_: unknown, context: ExecutionContext): AgencyPrincipal => {
  return context.switchToHttp().getRequest<AgencyRequest>().agency!;
});
