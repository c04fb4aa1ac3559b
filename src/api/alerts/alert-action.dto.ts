import type { AlertStepAction } from '../../alerts/alerts.service';
import { ValidationFailed, type FieldProblem } from '../../platform/errors/domain-error';
import type { PushSubscriptionJson } from '../../alerts/routing/staff-directory';

const ACTIONS: Record<string, AlertStepAction> = {
  acknowledge: 'acknowledge',
  start: 'start',
  resolve: 'resolve',
  false_positive: 'mark_false_positive',
  mark_false_positive: 'mark_false_positive',
  note: 'note',
};

/** POST /v1/alerts/:id/actions body: {action: acknowledge|start|resolve|false_positive|note, reason?}. */
export function parseAlertActionDto(body: unknown): { action: AlertStepAction; reason: string | null } {
  const b = (body ?? {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) problems.push({ pointer: '/', detail: 'must be a JSON object' });
  const action = typeof b.action === 'string' ? ACTIONS[b.action] : undefined;
  if (!action) problems.push({ pointer: '/action', detail: 'must be one of acknowledge, start, resolve, false_positive, note' });
  if (b.reason !== undefined && b.reason !== null && (typeof b.reason !== 'string' || b.reason.length > 2000)) problems.push({ pointer: '/reason', detail: 'must be text of at most 2000 characters' });
  for (const key of Object.keys(b)) if (key !== 'action' && key !== 'reason') problems.push({ pointer: `/${key}`, detail: 'is not a known field' });
  if (problems.length) throw new ValidationFailed('the alert action is not valid: send {"action": "acknowledge", "reason": "..."}', problems);
  return { action: action!, reason: typeof b.reason === 'string' ? b.reason : null };
}

/** POST /v1/alerts/push-subscriptions body: the browser's PushSubscription.toJSON(). */
export function parsePushSubscriptionDto(body: unknown): PushSubscriptionJson {
  const b = (body ?? {}) as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
  const problems: FieldProblem[] = [];
  if (typeof b.endpoint !== 'string' || !/^https?:\/\/[^/]+\//.test(b.endpoint) || b.endpoint.length > 2048) problems.push({ pointer: '/endpoint', detail: 'must be the push service URL (https)' });
  if (typeof b.keys?.p256dh !== 'string' || !/^[A-Za-z0-9_-]{80,100}={0,2}$/.test(b.keys.p256dh)) problems.push({ pointer: '/keys/p256dh', detail: 'must be the P-256 public key, base64url' });
  if (typeof b.keys?.auth !== 'string' || !/^[A-Za-z0-9_-]{16,32}={0,2}$/.test(b.keys.auth)) problems.push({ pointer: '/keys/auth', detail: 'must be the 16-byte auth secret, base64url' });
  if (problems.length) throw new ValidationFailed('the push subscription is not valid: send PushSubscription.toJSON()', problems);
  return { endpoint: b.endpoint as string, keys: { p256dh: b.keys!.p256dh as string, auth: b.keys!.auth as string } };
}

/** GET /v1/accountability query. */
export function parseAccountabilityQuery(query: Record<string, unknown>): { cursor: string | null; limit: number } {
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new ValidationFailed('the accountability query is not valid', [{ pointer: '/limit', detail: 'must be a whole number from 1 to 200' }]);
  return { cursor: typeof query.cursor === 'string' ? query.cursor : null, limit };
}
