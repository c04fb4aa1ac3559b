import type { JSONSchemaType } from 'ajv';
import type { AlertStepAction } from '../../alerts/alerts.service';
import type { PushSubscriptionJson } from '../../alerts/routing/staff-directory';
import { DETAIL_KEYWORD } from '../../platform/validation/ajv';
import { bodyParser, queryParser } from '../openapi/json-dto';

// The words of the API for an official's step; `mark_false_positive` is the service's own name, also accepted.
const ACTIONS: Readonly<Record<string, AlertStepAction>> = {
  acknowledge: 'acknowledge',
  start: 'start',
  resolve: 'resolve',
  false_positive: 'mark_false_positive',
  mark_false_positive: 'mark_false_positive',
  note: 'note',
};

interface AlertActionBody {
  action: string;
  reason?: string | null;
}

/** POST /v1/alerts/:id/actions body. */
export const ALERT_ACTION_SCHEMA: JSONSchemaType<AlertActionBody> = {
  type: 'object',
  required: ['action'],
  additionalProperties: false,
  properties: {
    action: { type: 'string', enum: Object.keys(ACTIONS) },
    reason: {
      type: 'string',
      nullable: true,
      maxLength: 2000,
      description: 'required for resolve, false_positive and note',
    },
  },
};

const parseActionBody = bodyParser(
  ALERT_ACTION_SCHEMA,
  'alert action',
  'send {"action": "acknowledge", "reason": "..."}',
);

export function parseAlertActionDto(body: unknown): { action: AlertStepAction; reason: string | null } {
  const { action, reason } = parseActionBody(body);
  return { action: ACTIONS[action], reason: reason ?? null };
}

/** POST /v1/alerts/push-subscriptions body: the browser's PushSubscription.toJSON() (expirationTime and the like pass). */
export const PUSH_SUBSCRIPTION_SCHEMA: JSONSchemaType<PushSubscriptionJson> = {
  type: 'object',
  required: ['endpoint', 'keys'],
  description: "The browser's PushSubscription.toJSON()",
  properties: {
    endpoint: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://[^/]+/',
      maxLength: 2048,
      [DETAIL_KEYWORD]: 'must be the push service URL (https)',
    },
    expirationTime: { type: 'number', nullable: true },
    keys: {
      type: 'object',
      required: ['p256dh', 'auth'],
      properties: {
        p256dh: {
          type: 'string',
          pattern: '^[A-Za-z0-9_-]{80,100}={0,2}$',
          description: 'P-256 public key, base64url',
          [DETAIL_KEYWORD]: 'must be the P-256 public key, base64url',
        },
        auth: {
          type: 'string',
          pattern: '^[A-Za-z0-9_-]{16,32}={0,2}$',
          description: '16-byte auth secret, base64url',
          [DETAIL_KEYWORD]: 'must be the 16-byte auth secret, base64url',
        },
      },
    },
  },
};

const parseSubscription = bodyParser(PUSH_SUBSCRIPTION_SCHEMA, 'push subscription', 'send PushSubscription.toJSON()');

export function parsePushSubscriptionDto(body: unknown): PushSubscriptionJson {
  const { endpoint, keys } = parseSubscription(body);
  // Only what a push needs is kept.
  return { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } };
}

interface AccountabilityQuery {
  limit: number;
  cursor?: string;
}

/** GET /v1/accountability query. */
export const ACCOUNTABILITY_QUERY_SCHEMA: JSONSchemaType<AccountabilityQuery> = {
  type: 'object',
  required: ['limit'],
  properties: {
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 200,
      default: 50,
      [DETAIL_KEYWORD]: 'must be a whole number from 1 to 200',
    },
    cursor: { type: 'string', nullable: true },
  },
};

const parseAccountability = queryParser(ACCOUNTABILITY_QUERY_SCHEMA, 'accountability');

export function parseAccountabilityQuery(query: unknown): { cursor: string | null; limit: number } {
  const { cursor, limit } = parseAccountability(query);
  return { cursor: cursor ?? null, limit };
}
