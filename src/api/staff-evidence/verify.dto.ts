import type { JSONSchemaType } from 'ajv';
import type { Receipt } from '../../evidence-chain/verifier/receipt';
import { ValidationFailed } from '../../platform/errors/domain-error';
import { DETAIL_KEYWORD } from '../../platform/validation/ajv';
import { bodyParser } from '../openapi/json-dto';

/** POST /v1/evidence/verify: the record as held and its receipt. */
export interface VerifyDto {
  /** A JSON record (canonicalization jcs): the value itself. */
  record?: unknown;
  /** A document (canonicalization raw): its bytes in base64. */
  recordBase64?: string;
  receipt: Receipt;
}

export const VERIFY_SCHEMA = {
  type: 'object',
  properties: {
    record: { description: 'the JSON record exactly as held (for jcs receipts)' },
    recordBase64: {
      type: 'string',
      contentEncoding: 'base64',
      pattern: '^[A-Za-z0-9+/]*={0,2}$',
      description: 'the document bytes (for raw receipts)',
      [DETAIL_KEYWORD]: 'must be base64',
    },
    receipt: {
      type: 'object',
      description: 'the evidence receipt (EVIDENCE.md)',
      properties: {
        v: { const: 1 },
        record: { type: 'object' },
        inclusion: { type: 'object' },
        anchor: { type: 'object' },
      },
      required: ['v', 'record', 'inclusion', 'anchor'],
    },
  },
  required: ['receipt'],
  additionalProperties: false,
} as const;

const parse = bodyParser(VERIFY_SCHEMA as unknown as JSONSchemaType<VerifyDto>, 'verification request');

/** The request with the record as the bytes the verifier hashes. */
export function parseVerifyDto(body: unknown): { receipt: Receipt; recordBytes: Uint8Array } {
  const dto = parse(body);
  // "Exactly one of" stays a hand-written check: a oneOf would report the failures of both branches.
  const hasRecord = dto.record !== undefined;
  if (hasRecord === (dto.recordBase64 !== undefined)) {
    throw new ValidationFailed('send exactly one of record (a JSON record) and recordBase64 (a document)', [
      { pointer: '/record', detail: 'exactly one of record, recordBase64' },
    ]);
  }
  const recordBytes = hasRecord
    ? Buffer.from(JSON.stringify(dto.record), 'utf8')
    : Buffer.from(dto.recordBase64!, 'base64');
  return { receipt: dto.receipt, recordBytes };
}
