import type { JSONSchemaType } from 'ajv';
import { RECORD_KINDS, type RecordKind } from '../../ingest/schemas/records';
import { ValidationFailed } from '../../platform/errors/domain-error';
import { queryParser } from '../openapi/json-dto';

/** GET /v1/firms/:creditCode/records query. */
export interface FirmRecordsQuery {
  kind?: RecordKind;
  limit: number;
  cursor?: string;
}

export const FIRM_RECORDS_QUERY_SCHEMA: JSONSchemaType<FirmRecordsQuery> = {
  type: 'object',
  properties: {
    kind: { type: 'string', nullable: true, enum: [...RECORD_KINDS] },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    cursor: { type: 'string', nullable: true, maxLength: 200 },
  },
  required: ['limit'],
  additionalProperties: false,
};

const parse = queryParser(FIRM_RECORDS_QUERY_SCHEMA, 'record list');

/** Parses the query; the cursor must be one RecordQueryService issued (`<instant>|<uuid>`, base64url: checked by hand, a schema sees only the encoding). */
export function parseFirmRecordsQuery(input: unknown): FirmRecordsQuery {
  const query = parse(input);
  if (query.cursor !== undefined) {
    const [at, id, extra] = Buffer.from(query.cursor, 'base64url').toString('utf8').split('|');
    if (extra !== undefined || !/^[0-9a-f-]{36}$/.test(id ?? '') || Number.isNaN(Date.parse(at))) {
      throw new ValidationFailed('the cursor is not one this API issued', [
        { pointer: '/query/cursor', detail: 'pass nextCursor of the previous page unchanged' },
      ]);
    }
  }
  return query;
}
