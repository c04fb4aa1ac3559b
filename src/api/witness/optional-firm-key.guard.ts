import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { FirmKeyGuard } from '../ingest/firm-key.guard';

/**
 * A firm API key when one is presented (then checked like FirmKeyGuard); without one the request
 * is admitted too: its body is signed by a registered firm key, which names the firm itself.
 */
@Injectable()
export class OptionalFirmKeyGuard implements CanActivate {
  constructor(private readonly firmKey: FirmKeyGuard) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    // Only a firm API key is taken here; other credentials (a staff token) say nothing about a cosignature.
    if (req.headers['x-api-key'] === undefined && !/^Bearer\s+rsk_/i.test(req.headers.authorization ?? '')) return true;
    return this.firmKey.canActivate(context);
  }
}
