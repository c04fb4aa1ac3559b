import type { Request } from 'express';
import { DomainError, FieldProblem, ValidationFailed } from '../../platform/errors/domain-error';
import type { IntakeResult } from '../../ingest/intake/intake-result';
import type { RecordKind } from '../../ingest/schemas/records';
import { JsonParseResult, duplicateProblem, parseJsonDocument, parseJsonStrict } from '../../ingest/schemas/parse-json';

export class PayloadTooLarge extends DomainError {
  readonly code = 'payload_too_large';
}

/** Reads the raw body up to `limit` bytes; past it the request is refused with 413 before it is all read. */
export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    throw new PayloadTooLarge(`the body has ${declared} bytes; at most ${limit} are accepted`);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new PayloadTooLarge(`the body exceeds ${limit} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof PayloadTooLarge) throw error;
    // The client went away mid-body: nothing to store, and not a fault of the service.
    throw new ValidationFailed(`the body ended after ${size} bytes, before it was complete`, [
      { pointer: '', detail: 'is incomplete' },
    ]);
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
  const parsed = parseJsonDocument(body);
  if (!parsed.ok) throw new ValidationFailed('the body is not valid JSON', parsed.problems);
  if (!Array.isArray(parsed.value))
    throw new ValidationFailed('a bulk body must be a JSON array (or NDJSON with Content-Type: application/x-ndjson)', [
      { pointer: '', detail: 'must be an array' },
    ]);
  // A key written twice refuses its own item only (pointers read /<index>/<key>).
  const duplicates = new Map<number, FieldProblem[]>();
  for (const pointer of parsed.duplicates) {
    const [, index, ...rest] = pointer.split('/');
    const list = duplicates.get(Number(index)) ?? duplicates.set(Number(index), []).get(Number(index))!;
    list.push(duplicateProblem(`/${rest.join('/')}`));
  }
  return parsed.value.map((value: unknown, index) => {
    const problems = duplicates.get(index);
    return problems ? { ok: false as const, problems } : { ok: true as const, value };
  });
}

/**
 * A bulk body split for the intake: `items` holds a rejection at the index of each item that is not
 * JSON (or writes a key twice); `good` the others, with their index, to hand to the intake.
 */
export function splitBulkBody(
  body: Buffer,
  contentType: string | undefined,
  maxItems: number,
  kind: RecordKind,
): { items: IntakeResult[]; good: Array<{ index: number; value: unknown }> } {
  const parsed = parseBulkBody(body, contentType);
  if (parsed.length > maxItems) throw new PayloadTooLarge(`${parsed.length} items; at most ${maxItems} per request`);
  const items: IntakeResult[] = new Array(parsed.length);
  const good: Array<{ index: number; value: unknown }> = [];
  parsed.forEach((p, index) => {
    if (p.ok) good.push({ index, value: p.value });
    else
      items[index] = {
        index,
        status: 'rejected',
        kind,
        reason: 'malformed',
        detail: 'the item is not valid JSON, or writes a key twice',
        problems: p.problems,
      };
  });
  return { items, good };
}
