import type { JSONSchemaType } from 'ajv';
import { ValidationFailed } from '../../platform/errors/domain-error';
import { queryParser } from '../openapi/json-dto';

/** GET /v1/audit/access-log query. */
export interface AccessLogQuery {
  /** staff_users.id (or OIDC subject). */
  staffId?: string;
  username?: string;
  /** Credit code of the firm looked at. */
  firm?: string;
  outcome?: 'allowed' | 'denied';
  /** RFC 3339 instants, `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

export const ACCESS_LOG_QUERY_SCHEMA: JSONSchemaType<AccessLogQuery> = {
  type: 'object',
  properties: {
    staffId: { type: 'string', nullable: true, maxLength: 200 },
    username: { type: 'string', nullable: true, maxLength: 128 },
    firm: { type: 'string', nullable: true, pattern: '^[0-9A-Z]{18}$' },
    outcome: { type: 'string', nullable: true, enum: ['allowed', 'denied'] },
    from: { type: 'string', nullable: true, pattern: '^\\d{4}-\\d{2}-\\d{2}T', format: 'date-time' },
    to: { type: 'string', nullable: true, pattern: '^\\d{4}-\\d{2}-\\d{2}T', format: 'date-time' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    cursor: { type: 'string', nullable: true, pattern: '^[0-9]{1,19}$' },
  },
  required: ['limit'],
  additionalProperties: false,
};

const parse = queryParser(ACCESS_LOG_QUERY_SCHEMA, 'access log');

export function parseAccessLogQuery(input: unknown): AccessLogQuery {
  const query = parse(input);
  // The date-time format admits a leap second (23:59:60Z) that Date cannot hold.
  for (const field of ['from', 'to'] as const) {
    if (query[field] !== undefined && Number.isNaN(Date.parse(query[field]!))) {
      throw new ValidationFailed(`${field} is not an RFC 3339 instant`, [
        { pointer: `/query/${field}`, detail: 'e.g. 2026-03-01T00:00:00+08:00' },
      ]);
    }
  }
  return query;
}

/** GET /v1/evidence/tamper-findings query. */
export interface LimitQuery {
  limit: number;
}

export const LIMIT_QUERY_SCHEMA: JSONSchemaType<LimitQuery> = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
  required: ['limit'],
  additionalProperties: false,
};

export const parseLimitQuery = queryParser(LIMIT_QUERY_SCHEMA, 'list');
