import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';

// A caller's own id is kept when it is short and plain (a proxy's or a client's trace id);
// anything else is replaced, so the id is safe to log and to quote.
const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,64}$/;

type WithRequestId = Request & { requestId?: string };

/** Gives every HTTP request an id, sent back in X-Request-Id, that errors and log lines carry. */
export function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  const offered = req.headers['x-request-id'];
  const id = typeof offered === 'string' && ACCEPTABLE.test(offered) ? offered : randomUUID();
  (req as WithRequestId).requestId = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
}

export function requestIdOf(req: Request): string | undefined {
  return (req as WithRequestId).requestId;
}
