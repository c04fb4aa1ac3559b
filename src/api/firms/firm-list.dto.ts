import type { JSONSchemaType } from 'ajv';
import { FIRM_KINDS, LICENCE_STATUSES, type FirmKind, type LicenceStatus } from '../../firms/firm.entity';
import { FIRM_SORT_FIELDS, type FirmSortField } from '../../firms/firms.service';
import { ValidationFailed } from '../../platform/errors/domain-error';
import { queryParser } from '../openapi/json-dto';

/** GET /v1/firms and /v1/firms.csv query. */
export interface FirmListQuery {
  /** Part of the name, or the start of the credit code. */
  q?: string;
  kind?: FirmKind;
  /** GB/T 2260 region: firms within it (a county, city or province). */
  region?: string;
  licenceStatus?: LicenceStatus;
  sort: FirmSortField;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

export const FIRM_LIST_QUERY_SCHEMA: JSONSchemaType<FirmListQuery> = {
  type: 'object',
  properties: {
    q: { type: 'string', nullable: true, minLength: 1, maxLength: 100 },
    kind: { type: 'string', nullable: true, enum: [...FIRM_KINDS] },
    region: { type: 'string', nullable: true, pattern: '^[0-9]{6}$' },
    licenceStatus: { type: 'string', nullable: true, enum: [...LICENCE_STATUSES] },
    sort: { type: 'string', enum: [...FIRM_SORT_FIELDS], default: 'name' },
    order: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', nullable: true, maxLength: 1000 },
  },
  required: ['sort', 'order', 'limit'],
  additionalProperties: false,
};

export const parseFirmListQuery = queryParser(FIRM_LIST_QUERY_SCHEMA, 'firm list');

/** An opaque keyset cursor: the sort it belongs to, the last sort key and id of the page. */
export function encodeFirmCursor(query: Pick<FirmListQuery, 'sort' | 'order'>, key: string, id: string): string {
  return Buffer.from(JSON.stringify([query.sort, query.order, key, id])).toString('base64url');
}

export function decodeFirmCursor(query: FirmListQuery): { key: string; id: string } | undefined {
  if (query.cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length === 4 &&
    parsed.every((p) => typeof p === 'string') &&
    /^[0-9a-f-]{36}$/.test(parsed[3]);
  if (!valid)
    throw new ValidationFailed('the cursor is not one this API issued', [
      { pointer: '/query/cursor', detail: 'pass nextCursor of the previous page unchanged' },
    ]);
  const [sort, order, key, id] = parsed as string[];
  if (sort !== query.sort || order !== query.order) {
    throw new ValidationFailed('the cursor belongs to another sort order', [
      { pointer: '/query/cursor', detail: `issued for sort=${sort}&order=${order}` },
    ]);
  }
  return { key, id };
}
