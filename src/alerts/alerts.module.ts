import { DynamicModule, Logger, Module } from '@nestjs/common';
import type { AppConfig, Role } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { AlertNotifier } from './alert-notifier.service';
import { AlertQueries } from './alert-queries.service';
import { AlertReports } from './alert-reports.service';
import { AlertSubjects } from './alert-subjects.service';
import { AlertWriter } from './alert-writer.service';
import { SystemClock } from '../platform/clock';
import { AlertsClock } from './alerts-clock';
import { AlertsService } from './alerts.service';
import { AssessmentSignalsConsumer, SIGNALS_CONSUMER_ENABLED } from './assessment-signals.consumer';
import { ContingencyTasksService } from './contingency-tasks.service';
import { ALERTS_RUNTIME, type AlertsRuntime } from './alerts.tokens';
import { AlertDispatcher, longestDeliveryMs } from './channels/alert-dispatcher';
import { buildChannels } from './channels/channels-config';
import { loadOrCreateVapidKeys } from './channels/vapid-keys';
import { AlertsDirectoryService } from './directory/alerts-directory.service';
import { ESCALATION_ENABLED, EscalationWorker } from './escalation.worker';
import { loadDefaultCalendar } from './policy/working-day-calendar';
import { PushSubscriptionsService } from './push-subscriptions.service';
import { loadDefaultPlanTemplates } from './routing/contingency-plan';
import { loadDefaultRoutingConfig } from './routing/routing-config';
import { TamperAlertsListener } from './tamper-alerts.listener';

/** Builds the channels and loads routing.yaml, contingency-plans.yaml and calendar.yaml (validated at boot). */
export function alertsRuntime(config: AppConfig): AlertsRuntime {
  const a = config.alerts;
  if (a.vapid.kind === 'file' && config.database.mode === 'postgres') {
    new Logger(AlertsModule.name).warn(
      `Web Push uses a VAPID key generated in ${a.vapid.path}; replicas do not share it: set ALERTS_VAPID_PUBLIC_KEY and ALERTS_VAPID_PRIVATE_KEY`,
    );
  }
  const vapid = a.vapid.kind === 'keys' ? a.vapid : loadOrCreateVapidKeys(a.vapid.path);
  const channels = buildChannels({
    mobileBaseUrl: a.mobileBaseUrl,
    robots: a.robots,
    sms: a.sms,
    webPush: { vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey, subject: a.vapidSubject },
    retry: a.retry,
    destinations: a.destinations,
  });
  return {
    routing: loadDefaultRoutingConfig(),
    calendar: loadDefaultCalendar(),
    plans: loadDefaultPlanTemplates(),
    dispatcher: new AlertDispatcher(channels, a.retry),
    mobileBaseUrl: a.mobileBaseUrl,
    vapidPublicKey: vapid.publicKey,
    bureauRegionCode: a.bureauRegionCode,
    outboxLeaseMs: outboxLeaseMs(a.retry),
  };
}

/**
 * Twice the longest a delivery can take, plus a second for storing its rows: a live sender is then
 * almost never overtaken (that would send a message twice), and a dead one's notifications go out
 * again soon after (95 s with the default retries).
 */
export function outboxLeaseMs(retry: AppConfig['alerts']['retry']): number {
  return 2 * longestDeliveryMs(retry) + 1000;
}

/**
 * Alerts: signals in (AlertsService.onSignal), officials' steps, routing and delivery, the
 * escalation timer and tamper alerts. Every role that produces signals or serves the API imports
 * it; the escalation timer runs only in the alerts role (and all). Global, so the API module and
 * scoring can inject AlertsService without importing it again.
 */
@Module({})
export class AlertsModule {
  static forRoot(role: Role): DynamicModule {
    return {
      module: AlertsModule,
      global: true,
      providers: [
        { provide: AlertsClock, useClass: SystemClock },
        { provide: ALERTS_RUNTIME, inject: [APP_CONFIG], useFactory: alertsRuntime },
        { provide: ESCALATION_ENABLED, useValue: role === 'alerts' || role === 'all' },
        { provide: SIGNALS_CONSUMER_ENABLED, useValue: role === 'alerts' || role === 'all' },
        AssessmentSignalsConsumer,
        AlertsDirectoryService,
        AlertSubjects,
        AlertNotifier,
        AlertWriter,
        AlertsService,
        AlertQueries,
        AlertReports,
        ContingencyTasksService,
        PushSubscriptionsService,
        EscalationWorker,
        TamperAlertsListener,
      ],
      exports: [
        AlertsService,
        AlertQueries,
        AlertReports,
        ContingencyTasksService,
        PushSubscriptionsService,
        AlertsDirectoryService,
        AlertNotifier,
        EscalationWorker,
        AlertsClock,
        ALERTS_RUNTIME,
      ],
    };
  }
}
