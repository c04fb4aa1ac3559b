import type { AlertDispatcher } from './channels/alert-dispatcher';
import type { WorkingDayCalendar } from './policy/working-day-calendar';
import type { PlanTemplate } from './routing/contingency-plan';
import type { RoutingConfig } from './routing/routing-config';

/** The loaded, validated YAML and the channels of this deployment. */
export interface AlertsRuntime {
  routing: RoutingConfig;
  calendar: WorkingDayCalendar;
  plans: PlanTemplate[];
  dispatcher: AlertDispatcher;
  mobileBaseUrl: string;
  vapidPublicKey: string;
  bureauRegionCode: string;
  /**
   * How long a sender holds a notification of the outbox: past it, the notification counts as
   * lost (its process died) and the alerts role sends it again.
   */
  outboxLeaseMs: number;
}

export const ALERTS_RUNTIME = Symbol('ALERTS_RUNTIME');
