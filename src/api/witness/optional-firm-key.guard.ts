import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { FirmKeyGuard } from '../ingest/firm-key.guard';

/**
 * A firm API key when one is presented (then checked like FirmKeyGuard); none at all is admitted
 * too, for requests whose body is signed by a registered firm key that names the firm itself.
 */
@Injectable()
export class OptionalFirmKeyGuard implements CanActivate {
  constructor(private readonly firmKey: FirmKeyGuard) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.headers.authorization === undefined && req.headers['x-api-key'] === undefined) return true;
    return this.firmKey.canActivate(context);
  }
}
