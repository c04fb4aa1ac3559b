import type { Request } from 'express';
import { DomainError, ValidationFailed } from '../../platform/errors/domain-error';
import { JsonParseResult, parseJsonStrict } from '../../ingest/schemas/parse-json';

export class PayloadTooLarge extends DomainError {
  readonly code = 'payload_too_large';
}

/** Reads the raw body up to `limit` bytes; past it the request is refused with 413 before it is all read. */
export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLarge(`the body has ${declared} bytes; at most ${limit} are accepted`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLarge(`the body exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A bulk body: a JSON array, or NDJSON (one JSON value a line) when the content type says so. */
export function parseBulkBody(body: Buffer, contentType: string | undefined): JsonParseResult[] {
  if (/ndjson|jsonl/i.test(contentType ?? '')) {
    return body
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => parseJsonStrict(Buffer.from(line)));
  }
  const parsed = parseJsonStrict(body);
  if (!parsed.ok) throw new ValidationFailed('the body is not valid JSON', parsed.problems);
  if (!Array.isArray(parsed.value)) throw new ValidationFailed('a bulk body must be a JSON array (or NDJSON with Content-Type: application/x-ndjson)', [{ pointer: '', detail: 'must be an array' }]);
  return parsed.value.map((value: unknown) => ({ ok: true as const, value }));
}
