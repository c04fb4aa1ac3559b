import type { JSONSchemaType } from 'ajv';
import { queryParser } from '../openapi/json-dto';

/** GET /v1/evidence/checkpoints(.csv) query: `limit` checkpoints of tree sizes below `before`. */
export interface CheckpointsQuery {
  limit: number;
  /** A tree size: only checkpoints of smaller trees (the next page of the list). */
  before?: number;
}

function checkpointsQuerySchema(defaultLimit: number, maxLimit: number): JSONSchemaType<CheckpointsQuery> {
  return {
    type: 'object',
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit },
      before: {
        type: 'integer',
        nullable: true,
        minimum: 1,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'a tree size: checkpoints of smaller trees only',
      },
    },
    required: ['limit'],
    additionalProperties: false,
  };
}

export const CHECKPOINTS_QUERY_SCHEMA = checkpointsQuerySchema(50, 500);
export const CHECKPOINTS_CSV_QUERY_SCHEMA = checkpointsQuerySchema(1000, 10_000);
export const parseCheckpointsQuery = queryParser(CHECKPOINTS_QUERY_SCHEMA, 'checkpoints');
export const parseCheckpointsCsvQuery = queryParser(CHECKPOINTS_CSV_QUERY_SCHEMA, 'checkpoints export');
