import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { GOV_FEED_KINDS } from '../../ingest/intake/firm-kind-rules';
import { AGENCY_API_KEY, ApiProblems } from '../openapi/api-docs.decorators';

// The body of each kind is the JSON Schema served at /v1/schemas/{kind}: linked, not copied, so
// the document and the validator never disagree.
const RECORD_OF_KIND = { anyOf: GOV_FEED_KINDS.map((kind) => ({ $ref: `/v1/schemas/${kind}` })) };

const STORED = {
  type: 'object',
  required: ['index', 'status', 'kind', 'id', 'version'],
  properties: {
    index: { type: 'integer' },
    status: { type: 'string', enum: ['accepted', 'duplicate'] },
    kind: { type: 'string', enum: [...GOV_FEED_KINDS] },
    id: { type: 'string', format: 'uuid', description: 'the stored record (and its evidence receipt)' },
    version: { type: 'integer' },
  },
};
const REJECTED = {
  type: 'object',
  required: ['index', 'status', 'kind', 'reason', 'detail', 'problems'],
  properties: {
    index: { type: 'integer' },
    status: { type: 'string', enum: ['rejected'] },
    kind: { type: 'string' },
    reason: {
      type: 'string',
      enum: ['malformed', 'invalid', 'unknown_firm', 'wrong_kind', 'conflict'],
      description: 'the same reason a gov.* message would be dead-lettered with',
    },
    detail: { type: 'string' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: { pointer: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
};
const BULK_REPORT = {
  type: 'object',
  required: ['requestId', 'accepted', 'duplicates', 'rejected', 'items'],
  properties: {
    requestId: { type: 'string' },
    accepted: { type: 'integer' },
    duplicates: { type: 'integer' },
    rejected: { type: 'integer' },
    items: { type: 'array', items: { anyOf: [STORED, REJECTED] } },
  },
};

const KIND = ApiParam({
  name: 'kind',
  enum: [...GOV_FEED_KINDS],
  description: 'the feed kind; the agency key must be scoped to it',
});
const IDEMPOTENCY_KEY = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'optional: a retried request with the same key and body gets the first answer',
});
const SECURITY =
  'An agency API key (Authorization: Bearer rga_...), issued by an admin under /v1/admin/agency-keys for the feed kinds the agency may send; firm keys are refused.';

export const GovFeedSingleDoc = () =>
  applyDecorators(
    ApiTags('ingest'),
    ApiOperation({
      summary: 'A government agency sends one event of a feed kind (工商, 税务, 法院, 社保, 舆情)',
      description: `${SECURITY} Same validation, idempotency (by the event id) and evidence leaf as the gov.* Kafka topics.`,
    }),
    ApiSecurity(AGENCY_API_KEY),
    KIND,
    IDEMPOTENCY_KEY,
    ApiBody({
      required: true,
      description: 'one record of the kind in the path: the JSON Schema at /v1/schemas/{kind}',
      schema: RECORD_OF_KIND,
    }),
    ApiResponse({ status: 201, description: 'accepted and stored with its evidence leaf', schema: STORED }),
    ApiResponse({
      status: 200,
      description: 'a duplicate of an event already stored (same event id): nothing new stored',
      schema: STORED,
    }),
    ApiProblems(401, 403, 404, 409, 413, 422, 429),
  );

export const GovFeedBulkDoc = () =>
  applyDecorators(
    ApiTags('ingest'),
    ApiOperation({
      summary: 'A government agency sends many events of a feed kind (JSON array or NDJSON); a result per item',
      description: SECURITY,
    }),
    ApiSecurity(AGENCY_API_KEY),
    KIND,
    IDEMPOTENCY_KEY,
    ApiBody({
      required: true,
      description:
        'records of the kind in the path (each: the JSON Schema at /v1/schemas/{kind}), as a JSON array or as NDJSON (Content-Type: application/x-ndjson)',
      schema: { type: 'array', items: RECORD_OF_KIND },
    }),
    ApiResponse({
      status: 200,
      description: 'a result per item: accepted, duplicate or rejected with its reason and fields',
      schema: BULK_REPORT,
    }),
    ApiProblems(401, 403, 404, 409, 413, 422, 429),
  );
