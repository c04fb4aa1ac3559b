import type { JSONSchemaType } from 'ajv';
import { bodyParser, queryParser } from '../openapi/json-dto';

const NOTE = {
  type: 'string',
  minLength: 1,
  maxLength: 65536,
  description: 'the C2SP checkpoint note as served at GET /v1/evidence/checkpoints/latest (or its body alone)',
} as const;

export interface CosignatureDto {
  checkpoint: string;
  /** `— <name> base64(key hash || timestamp || signature)`, C2SP tlog-cosignature (Ed25519, cosignature/v1) */
  cosignature: string;
}

export const COSIGNATURE_SCHEMA: JSONSchemaType<CosignatureDto> = {
  type: 'object',
  properties: {
    checkpoint: NOTE,
    cosignature: {
      type: 'string',
      minLength: 1,
      maxLength: 1000,
      description: "one C2SP cosignature/v1 note signature line by one of the firm's registered Ed25519 signing keys",
    },
  },
  required: ['checkpoint', 'cosignature'],
  additionalProperties: false,
};

export interface RefusalDto {
  checkpoint: string;
  /** the first tree size the witness found inconsistent with what it had verified */
  firstBadSize: number;
  reason: string;
}

export const REFUSAL_SCHEMA: JSONSchemaType<RefusalDto> = {
  type: 'object',
  properties: {
    checkpoint: NOTE,
    firstBadSize: {
      type: 'integer',
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'the first tree size found inconsistent',
    },
    reason: { type: 'string', minLength: 1, maxLength: 4000 },
  },
  required: ['checkpoint', 'firstBadSize', 'reason'],
  additionalProperties: false,
};

export interface SizesQuery {
  from: number;
  to: number;
}

export const SIZES_QUERY_SCHEMA: JSONSchemaType<SizesQuery> = {
  type: 'object',
  properties: {
    from: {
      type: 'integer',
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'tree size (or first leaf index)',
    },
    to: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'tree size' },
  },
  required: ['from', 'to'],
  additionalProperties: false,
};

export interface ListQuery {
  limit: number;
}

export const LIST_QUERY_SCHEMA: JSONSchemaType<ListQuery> = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
  required: ['limit'],
  additionalProperties: false,
};

export const parseCosignature = bodyParser(COSIGNATURE_SCHEMA, 'cosignature');
export const parseRefusal = bodyParser(REFUSAL_SCHEMA, 'refusal');
export const parseSizesQuery = queryParser(SIZES_QUERY_SCHEMA, 'tree sizes');
export const parseListQuery = queryParser(LIST_QUERY_SCHEMA, 'list');
