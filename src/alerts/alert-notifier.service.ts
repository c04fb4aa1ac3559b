import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsService } from '../platform/metrics/metrics.service';
import { AlertsClock } from './alerts-clock';
import { ALERTS_RUNTIME, type AlertsRuntime } from './alerts.tokens';
import { buildAlertMessage, type AlertMessageKind } from './channels/alert-message';
import type { Alert } from './domain/alert';
import type { AlertTier } from '../scoring/grading/alert-tier';
import { AlertsDirectoryService } from './directory/alerts-directory.service';
import { GroupCommit } from './group-commit';
import { appendDeliveries, dbFirmId, type NewDelivery } from './persistence/alert-records';
import { claimExpired, removeFromOutbox } from './persistence/alert-outbox';
import { routeAlert, type PlannedDelivery, type RoutingPlan } from './routing/route-alert';
import { maskedTargetKey } from './channels/alert-channel';
import type { AttemptRecord } from './channels/alert-dispatcher';

/** The delivery rows of one notification and the push subscriptions it found gone. */
interface DeliveryRecords {
  /** The notification event (its outbox row goes with these rows). */
  eventId: string;
  firmId: string | null;
  deliveries: NewDelivery[];
  goneEndpoints: string[];
}

// Delivery rows of notifications that finish while others are being stored share one transaction.
const RECORDS_WRITING = 2;
const RECORDS_PER_TRANSACTION = 500;

/** A notification decided inside a transaction, to send once it has committed. */
export interface PendingNotification {
  alert: Alert;
  kind: AlertMessageKind;
  previousTier?: AlertTier;
  /** The 'notification' alert_events row. */
  eventId: string;
  deliveries: PlannedDelivery[];
}

/**
 * Routes alerts and sends the messages after the deciding transaction committed, then stores one
 * alert_deliveries row (and evidence leaf) per recipient and channel, several alerts' rows per
 * transaction when many finish together. Sending never blocks the caller; drain() waits for
 * everything in flight (shutdown, tests, the bench).
 */
@Injectable()
export class AlertNotifier implements OnApplicationShutdown {
  private readonly logger = new Logger(AlertNotifier.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sent;
  private readonly resent;
  private readonly records: GroupCommit<DeliveryRecords, void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: AlertsDirectoryService,
    private readonly clock: AlertsClock,
    @Inject(ALERTS_RUNTIME) private readonly runtime: AlertsRuntime,
    metrics: MetricsService,
  ) {
    this.records = new GroupCommit({
      maxWriting: RECORDS_WRITING,
      maxBatch: RECORDS_PER_TRANSACTION,
      runBatch: (batch) => this.store(batch),
    });
    this.sent = metrics.counter('alert_deliveries_total', 'Alert messages by channel and outcome', [
      'channel',
      'status',
    ]);
    this.resent = metrics.counter(
      'alert_notifications_resent_total',
      'Notifications sent again from the outbox after their sender died',
      [],
    );
  }

  /** The plan as stored in the notification event: ids and masked targets, never addresses. */
  static describe(plan: RoutingPlan): Record<string, unknown> {
    return {
      recipients: plan.recipients.map((r) => ({
        id: r.id,
        name: r.name,
        role: r.role,
        regionCode: r.regionCode,
        because: r.via.because,
      })),
      unreachable: plan.unreachable,
      deliveries: plan.deliveries.map((d) => ({
        channel: d.channel,
        target: maskedTargetKey(d.target),
        recipientIds: d.recipientIds,
      })),
    };
  }

  /** Starts sending; the promise (never rejected) settles once every delivery row of these notifications is stored or has failed to be. */
  send(pending: PendingNotification[]): Promise<void> {
    const jobs = pending.map((p) => {
      const job: Promise<void> = this.dispatch(p)
        .catch((error: unknown) =>
          this.logger.error(`alert ${p.alert.id}: delivery records not stored: ${(error as Error).message}`),
        )
        .finally(() => this.inFlight.delete(job));
      this.inFlight.add(job);
      return job;
    });
    return Promise.all(jobs).then(() => undefined);
  }

  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  private async dispatch(p: PendingNotification): Promise<void> {
    const message = buildAlertMessage(p.alert, p.kind, this.runtime.mobileBaseUrl, p.previousTier);
    const report = await this.runtime.dispatcher.dispatch(message, p.deliveries);
    const at = this.clock.now();
    const rows: NewDelivery[] = report.deliveries.flatMap((outcome) =>
      outcome.recipientIds.map((recipientId) => ({
        alertId: p.alert.id,
        eventId: p.eventId,
        recipientId,
        channel: outcome.channel,
        maskedTarget: outcome.target,
        status: outcome.status,
        attempts: outcome.attempts.length,
        lastError: outcome.error ?? null,
        attemptLog: outcome.attempts.map(attemptLogEntry),
        createdAt: at,
      })),
    );
    // Subscriptions the push service says are gone (404/410) are deleted: the browser unsubscribed.
    const gone = report.deliveries.flatMap((o, i) =>
      o.gone && p.deliveries[i].target.kind === 'webpush'
        ? [(p.deliveries[i].target as { subscription: { endpoint: string } }).subscription.endpoint]
        : [],
    );
    await this.records.submit({ eventId: p.eventId, firmId: dbFirmId(p.alert), deliveries: rows, goneEndpoints: gone });
    if (gone.length) this.directory.invalidate();
    for (const o of report.deliveries) this.sent.inc({ channel: o.channel, status: o.status });
  }

  /**
   * Sends again the notifications of the outbox whose sender died before storing their delivery
   * rows (their lease ran out), re-routed over today's directory; returns how many. At least once:
   * a sender that died after its messages went out but before the rows were stored sends them twice.
   */
  async resendLost(limit = 100): Promise<number> {
    const lost = await claimExpired(this.dataSource.manager, limit, this.runtime.outboxLeaseMs);
    if (!lost.length) return 0;
    const directory = await this.directory.entries();
    const pending = lost.map((entry): PendingNotification => ({
      ...entry,
      deliveries: routeAlert(entry.alert, this.runtime.routing, directory).deliveries,
    }));
    for (const entry of lost)
      this.logger.warn(
        `alert ${entry.alert.id}: notification ${entry.eventId} (${entry.kind}, decided ${entry.createdAt.toISOString()}) had no delivery rows; sending it again (send ${entry.sends})`,
      );
    this.resent.inc(lost.length);
    void this.send(pending);
    return lost.length;
  }

  /** Several notifications' rows: one INSERT of rows, one of their leaves; their outbox rows go. */
  private async store(batch: DeliveryRecords[]): Promise<void[]> {
    const gone = batch.flatMap((b) => b.goneEndpoints);
    await this.dataSource.transaction(async (m) => {
      await appendDeliveries(m, batch);
      await removeFromOutbox(
        m,
        batch.map((b) => b.eventId),
      );
      if (gone.length) await m.query(`DELETE FROM push_subscriptions WHERE endpoint = ANY($1)`, [gone]);
    });
    return batch.map(() => undefined);
  }
}

/** An attempt as stored in attempt_log (and hashed in the delivery's evidence record): dates as ISO strings. */
function attemptLogEntry(a: AttemptRecord): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    attempt: a.attempt,
    startedAt: a.startedAt.toISOString(),
    durationMs: a.durationMs,
    ok: a.ok,
    timedOut: a.timedOut,
  };
  if (a.error !== undefined) entry.error = a.error;
  return entry;
}
