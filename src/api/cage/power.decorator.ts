import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

export const POWER_KEY = 'cage:power';

/** The power id of a route, or a function of the request when one route carries several (alert actions). */
export type PowerBinding = string | ((request: Request) => string | undefined);

/** Binds a route to a power of the power list: PowerInterceptor enforces and traces it. */
export const Power = (binding: PowerBinding) => SetMetadata(POWER_KEY, binding);

const ALERT_POWERS: Readonly<Record<string, string>> = {
  acknowledge: 'alert.acknowledge',
  start: 'alert.start',
  resolve: 'alert.resolve',
  false_positive: 'alert.dismiss',
  mark_false_positive: 'alert.dismiss',
  note: 'alert.note',
};

/** POST /v1/alerts/:id/actions: the power depends on the action named in the body. */
export function alertPower(request: Request): string | undefined {
  const action = (request.body as { action?: unknown } | undefined)?.action;
  return typeof action === 'string' && Object.hasOwn(ALERT_POWERS, action) ? ALERT_POWERS[action] : undefined;
}
