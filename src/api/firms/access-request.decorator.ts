import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AccessRequest } from '../auth/access-log.service';

/** The method and path of the request, as the access log records them (query string dropped there). */
export const AccessRequestOf = createParamDecorator((_: unknown, context: ExecutionContext): AccessRequest => {
  const req = context.switchToHttp().getRequest<Request>();
  return { method: req.method, path: req.originalUrl };
});
