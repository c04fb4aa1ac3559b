import type { JSONSchemaType } from 'ajv';
import { FIRM_KINDS, type FirmKind } from '../../firms/firm.entity';
import { ValidationFailed } from '../../platform/errors/domain-error';
import { FIRM_LISTS, type FirmList } from '../../scoring/entities/firm-list-entry.entity';
import { GRADED_TIERS, type GradedTier } from '../../scoring/grading/alert-tier';
import type { NewManualScore } from '../../scoring/manual-scores.service';
import { bodyParser, queryParser } from '../openapi/json-dto';

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

export interface PageQuery {
  limit: number;
  cursor?: string;
}

export const PAGE_QUERY_SCHEMA: JSONSchemaType<PageQuery> = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', nullable: true, maxLength: 300 },
  },
  required: ['limit'],
  additionalProperties: false,
};

export interface RankingQuery extends PageQuery {
  kind?: FirmKind;
  tier?: GradedTier;
}

export const RANKING_QUERY_SCHEMA: JSONSchemaType<RankingQuery> = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', nullable: true, maxLength: 300 },
    kind: { type: 'string', nullable: true, enum: [...FIRM_KINDS] },
    tier: { type: 'string', nullable: true, enum: [...GRADED_TIERS] },
  },
  required: ['limit'],
  additionalProperties: false,
};

export interface ListsQuery {
  list?: FirmList;
}

export const LISTS_QUERY_SCHEMA: JSONSchemaType<ListsQuery> = {
  type: 'object',
  properties: { list: { type: 'string', nullable: true, enum: [...FIRM_LISTS] } },
  additionalProperties: false,
};

export const MANUAL_SCORE_SCHEMA: JSONSchemaType<NewManualScore> = {
  type: 'object',
  properties: {
    mode: {
      type: 'string',
      enum: ['adjust', 'set'],
      description: 'adjust: added to the machine score (−100..+100); set: replaces it (0..100)',
    },
    value: { type: 'number', minimum: -100, maximum: 100 },
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
    validFrom: {
      type: 'string',
      nullable: true,
      pattern: DATE,
      format: 'date',
      description: 'first day it counts (default today)',
    },
    validTo: {
      type: 'string',
      nullable: true,
      pattern: DATE,
      format: 'date',
      description: 'inclusive last day (default open-ended)',
    },
  },
  required: ['mode', 'value', 'reason'],
  additionalProperties: false,
};

export interface RevokeDto {
  reason: string;
}

export const REVOKE_SCHEMA: JSONSchemaType<RevokeDto> = {
  type: 'object',
  properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } },
  required: ['reason'],
  additionalProperties: false,
};

export interface RulePackUploadDto {
  /** The pack as YAML text (rules/packs/*.vN.yaml format). */
  yaml: string;
}

export const RULE_PACK_UPLOAD_SCHEMA: JSONSchemaType<RulePackUploadDto> = {
  type: 'object',
  properties: { yaml: { type: 'string', minLength: 1, maxLength: 1_000_000 } },
  required: ['yaml'],
  additionalProperties: false,
};

export interface DryRunDto {
  dates?: string[];
  maxChanges?: number;
}

export const DRY_RUN_SCHEMA: JSONSchemaType<DryRunDto> = {
  type: 'object',
  properties: {
    dates: {
      type: 'array',
      nullable: true,
      minItems: 1,
      maxItems: 12,
      items: { type: 'string', pattern: DATE, format: 'date' },
      description: 'as-of dates (default: the last three month ends and today)',
    },
    maxChanges: { type: 'integer', nullable: true, minimum: 0, maximum: 1000 },
  },
  additionalProperties: false,
};

const cursorShapes = {
  assessments: /^\d{4}-\d{2}-\d{2}\|[^|]+\|[0-9a-f-]{36}$/,
  ranking: /^\d+\|[0-9a-f-]{36}$/,
};

/** A page query whose cursor must be one this API issued for that list (checked by hand: a schema sees only its base64url). */
function pageParser<T extends PageQuery>(
  schema: JSONSchemaType<T>,
  what: string,
  shape: RegExp,
): (input: unknown) => T {
  const parse = queryParser(schema, what);
  return (input) => {
    const query = parse(input);
    if (query.cursor !== undefined && !shape.test(Buffer.from(query.cursor, 'base64url').toString('utf8'))) {
      throw new ValidationFailed('the cursor is not one this API issued', [
        { pointer: '/query/cursor', detail: 'pass nextCursor of the previous page unchanged' },
      ]);
    }
    return query;
  };
}

export const parseAssessmentsQuery = pageParser(PAGE_QUERY_SCHEMA, 'assessment list', cursorShapes.assessments);
export const parseRankingQuery = pageParser(RANKING_QUERY_SCHEMA, 'ranking', cursorShapes.ranking);
export const parseListsQuery = queryParser(LISTS_QUERY_SCHEMA, 'list');
export const parseManualScore = bodyParser(MANUAL_SCORE_SCHEMA, 'manual score');
export const parseRevoke = bodyParser(REVOKE_SCHEMA, 'revocation');
export const parseRulePackUpload = bodyParser(RULE_PACK_UPLOAD_SCHEMA, 'rule pack upload');
export const parseDryRun = bodyParser(DRY_RUN_SCHEMA, 'dry run');

/** `:version` of a rule pack route: a positive integer. */
export function packVersion(raw: string): number {
  if (!/^[1-9]\d{0,5}$/.test(raw))
    throw new ValidationFailed('the rule pack version is not valid', [
      { pointer: '/path/version', detail: 'must be a positive whole number, e.g. 2' },
    ]);
  return Number(raw);
}
