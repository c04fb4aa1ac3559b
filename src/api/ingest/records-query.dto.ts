import type { JSONSchemaType } from 'ajv';
import { RECORD_KINDS, RecordKind } from '../../ingest/schemas/records';
import { queryParser } from '../openapi/json-dto';

/** GET /v1/ingest/records query: a firm's own records, newest first. */
export interface RecordsQuery {
  kind?: RecordKind;
  limit: number;
  /** nextCursor of the previous page, unchanged. */
  cursor?: string;
}

const KIND = { type: 'string', nullable: true, enum: [...RECORD_KINDS] } as const;

export const RECORDS_QUERY_SCHEMA: JSONSchemaType<RecordsQuery> = {
  type: 'object',
  properties: {
    kind: KIND,
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    cursor: {
      type: 'string',
      nullable: true,
      pattern: '^[A-Za-z0-9_-]{1,200}$',
      description: 'nextCursor of the previous page, unchanged',
    },
  },
  required: ['limit'],
  additionalProperties: false,
};

export const parseRecordsQuery = queryParser(RECORDS_QUERY_SCHEMA, 'records');

/** GET /v1/ingest/records.csv query: every record of the kind. */
export const RECORDS_CSV_QUERY_SCHEMA: JSONSchemaType<Pick<RecordsQuery, 'kind'>> = {
  type: 'object',
  properties: { kind: KIND },
  required: [],
  additionalProperties: false,
};

export const parseRecordsCsvQuery = queryParser(RECORDS_CSV_QUERY_SCHEMA, 'records export');
