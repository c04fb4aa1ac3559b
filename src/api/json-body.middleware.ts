import type { NextFunction, Request, Response } from 'express';
import { unsafeStringProblems } from '../ingest/schemas/json-text';
import { parseJsonStrict } from '../ingest/schemas/parse-json';
import { DomainError, ValidationFailed } from '../platform/errors/domain-error';
import { PayloadTooLarge, readBody } from './ingest/request-body';
import { toProblem } from './problem.filter';

export class UnsupportedMediaType extends DomainError {
  readonly code = 'unsupported_media_type';
}

/** JSON bodies of routes other than the firm push: 1 MiB. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

// Push routes read their own raw body (a larger limit, NDJSON, per-item errors).
const RAW_BODY_PREFIXES = ['/v1/ingest'];

/**
 * The JSON body of every other route: application/json only (415 otherwise), at most `limit`
 * bytes (413), strict JSON (no key written twice), and no string PostgreSQL cannot store or that
 * carries control characters (422 naming the field). Runs before routing, so errors are written
 * here in the same problem+json shape the exception filter writes.
 */
export function jsonBody(limit: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (RAW_BODY_PREFIXES.some((prefix) => req.path.startsWith(prefix)) || !hasBody(req)) return next();
    parse(req, limit).then(
      (body) => {
        req.body = body;
        next();
      },
      (error: unknown) => {
        if (!(error instanceof DomainError)) return next(error);
        // The rest of an unread body is drained so the connection stays usable.
        req.resume();
        const problem = toProblem(error, req.originalUrl);
        res.status(problem.status).type('application/problem+json').json(problem);
      },
    );
  };
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

async function parse(req: Request, limit: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!/^application\/([a-z0-9.-]+\+)?json$/.test(type)) {
    throw new UnsupportedMediaType(
      `the body must be JSON (Content-Type: application/json), got ${type || 'no Content-Type'}`,
    );
  }
  const bytes = await readBody(req, limit).catch((error: unknown) => {
    throw error instanceof PayloadTooLarge ? error : new ValidationFailed('the body could not be read');
  });
  const parsed = parseJsonStrict(bytes);
  if (!parsed.ok) throw new ValidationFailed('the body is not valid JSON', parsed.problems);
  // Every JSON body of the API is an object (or a list): null or a bare string would read as "no fields".
  if (typeof parsed.value !== 'object' || parsed.value === null)
    throw new ValidationFailed('the body must be a JSON object', [
      { pointer: '', detail: `must be an object, got ${parsed.value === null ? 'null' : typeof parsed.value}` },
    ]);
  const problems = unsafeStringProblems(parsed.value, { controls: true });
  if (problems.length > 0) throw new ValidationFailed('the body holds characters that are not accepted', problems);
  return parsed.value;
}
