import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { DomainError } from '../platform/errors/domain-error';
import { requestIdOf } from '../platform/logging/request-id';

// The one place where domain error codes become HTTP statuses.
const STATUS_BY_CODE: Record<string, number> = {
  validation_failed: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  payload_too_large: 413,
  rate_limited: 429,
  not_ready: 409,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  // A firm's signature on its push (RFC 9421): who signed is in doubt -> 401; the bytes -> 422.
  signature_missing: 401,
  signature_malformed: 422,
  unknown_key: 401,
  key_expired: 401,
  key_revoked: 401,
  bad_signature: 401,
  bad_digest: 422,
  // A cosignature on a checkpoint this log never signed.
  unknown_checkpoint: 404,
};

/** Every error leaves as RFC 9457 application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const requestId = requestIdOf(req);
    const problem = { ...toProblem(error, req.originalUrl), ...(requestId ? { requestId } : {}) };
    const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    // The request id a user quotes from the answer finds this line.
    if (problem.status >= 500)
      this.logger.error(`request ${requestId ?? '-'} ${req.method} ${req.path}: ${(error as Error)?.stack ?? error}`);
    res.status(problem.status).type('application/problem+json').json(problem);
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  errors?: Array<{ pointer: string; detail: string }>;
  /** The X-Request-Id of the request, to quote when reporting a problem. */
  requestId?: string;
}

export function toProblem(error: unknown, instance?: string): Problem {
  if (error instanceof DomainError) {
    const status = STATUS_BY_CODE[error.code] ?? 400;
    return {
      type: `urn:problem:${error.code}`,
      title: error.code.replace(/_/g, ' '),
      status,
      detail: error.message,
      instance,
      code: error.code,
      ...(error.problems.length ? { errors: error.problems } : {}),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
    // The title is the status's reason phrase ("Not Found"), never a framework class name.
    return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, instance };
  }
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'an unexpected error occurred',
    instance,
  };
}
