import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { MetricsService } from '../platform/metrics/metrics.service';
import { PeriodicTask } from '../platform/periodic-task';
import { AlertNotifier, type PendingNotification } from './alert-notifier.service';
import { AlertWriter } from './alert-writer.service';
import { AlertsClock } from './alerts-clock';
import { ALERTS_RUNTIME, type AlertsRuntime } from './alerts.tokens';
import type { AlertReason } from './domain/assessment-signal';
import { AlertsDirectoryService } from './directory/alerts-directory.service';
import { fromStoredAlert, type StoredAlert } from './persistence/alert-json';
import { appendAccountabilityRecords } from './persistence/alert-records';
import { dueEscalations } from './policy/escalation';

/** Whether this process runs the escalation timer (the alerts role, or all). */
export const ESCALATION_ENABLED = Symbol('ESCALATION_ENABLED');

const BATCH = 100;

/**
 * The escalation timer. Deadlines live in PostgreSQL (alerts.deadline_at), so a restart loses
 * nothing: each tick loads open alerts past their deadline, escalates them (dueEscalations), writes
 * the accountability record and re-notifies. Rows are claimed with FOR UPDATE SKIP LOCKED, so two
 * replicas never escalate the same alert twice, and an alert acknowledged meanwhile no longer matches.
 * At the same pace, a second task sends again the outbox's notifications whose sender died
 * (AlertNotifier.resendLost).
 */
@Injectable()
export class EscalationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EscalationWorker.name);
  private readonly tasks: PeriodicTask[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: AlertWriter,
    private readonly notifier: AlertNotifier,
    private readonly directory: AlertsDirectoryService,
    private readonly clock: AlertsClock,
    @Inject(ALERTS_RUNTIME) private readonly runtime: AlertsRuntime,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ESCALATION_ENABLED) private readonly enabled: boolean,
    metrics: MetricsService,
  ) {
    const every = { intervalMs: config.alerts.escalationIntervalMs, logger: this.logger };
    this.tasks = [
      new PeriodicTask({ ...every, name: 'alerts_escalation', run: () => this.tick() }, metrics),
      new PeriodicTask({ ...every, name: 'alerts_outbox_resend', run: () => this.notifier.resendLost() }, metrics),
    ];
  }

  onApplicationBootstrap(): void {
    if (this.enabled) for (const task of this.tasks) task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.stop()));
  }

  /** Escalates every open alert past its deadline now; returns how many. */
  async tick(): Promise<number> {
    let total = 0;
    for (;;) {
      const { claimed, escalated } = await this.batch();
      total += escalated;
      if (claimed < BATCH) return total;
    }
  }

  private async batch(): Promise<{ claimed: number; escalated: number }> {
    const now = this.clock.now();
    const pending: PendingNotification[] = [];
    // Loaded outside the transaction: waiting for a second pooled connection inside it could deadlock.
    const directory = await this.directory.entries();
    const result = await this.dataSource.transaction(async (m) => {
      const rows: Array<{
        version: number;
        state: StoredAlert;
        reasons: AlertReason[];
        last_assessment_id: string | null;
      }> = await m.query(
        `SELECT version, state, reasons, last_assessment_id FROM alerts
          WHERE status = 'open' AND deadline_at < $1 ORDER BY deadline_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        [now],
      );
      if (!rows.length) return { claimed: 0, escalated: 0 };
      const alerts = rows.map((r) => fromStoredAlert(r.state));
      const due = dueEscalations(alerts, now, {
        calendar: this.runtime.calendar,
        chain: this.runtime.routing.escalation,
        directory,
      });
      // Every due alert's accountability record, rows, events and leaves in shared statements, not
      // a round of statements per alert: a morning's lapsed deadlines come in hundreds.
      await appendAccountabilityRecords(
        m,
        due.map((step) => ({ record: step.accountability, regionCode: step.alert.firmRegionCode })),
      );
      const notifications = await this.writer.writeAll(
        m,
        due.map((step) => {
          const i = alerts.findIndex((a) => a.id === step.alert.id);
          return {
            before: alerts[i],
            after: step.alert,
            version: rows[i].version,
            reasons: rows[i].reasons,
            lastAssessmentId: rows[i].last_assessment_id,
            notify: { kind: 'escalated' as const, previousTier: step.fromTier },
            directory,
          };
        }),
      );
      for (const notification of notifications) if (notification) pending.push(notification);
      for (const step of due)
        this.logger.warn(
          `alert ${step.alert.id} escalated ${step.fromTier} -> ${step.toTier}: deadline ${step.accountability.deadline.toISOString()} lapsed (${step.accountability.responsibleRole})`,
        );
      return { claimed: rows.length, escalated: due.length };
    });
    this.notifier.send(pending);
    return result;
  }
}
