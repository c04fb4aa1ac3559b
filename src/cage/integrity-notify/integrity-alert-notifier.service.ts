import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALERTS_RUNTIME, type AlertsRuntime } from '../../alerts/alerts.tokens';
import { maskedTargetKey } from '../../alerts/channels/alert-channel';
import { AlertsDirectoryService } from '../../alerts/directory/alerts-directory.service';
import { CageClock } from '../cage-clock';
import { integrityAlertMessage, routeIntegrityAlert, type IntegrityAlertRow } from './integrity-routing';

// Integrity alerts are rare; one round sends at most this many.
const PER_ROUND = 50;

/**
 * Sends integrity alerts not sent yet through the alert channels (the tiers' orange channels of
 * routing.yaml) to the discipline inspectors of the official's region, and records each once. One
 * sender at a time; a sender that dies between sending and recording sends again (at least once).
 */
@Injectable()
export class IntegrityAlertNotifier {
  private readonly logger = new Logger(IntegrityAlertNotifier.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: AlertsDirectoryService,
    private readonly clock: CageClock,
    @Inject(ALERTS_RUNTIME) private readonly runtime: AlertsRuntime,
  ) {}

  /** Sends and records the pending integrity alerts; returns how many. */
  async sendPending(): Promise<number> {
    // Read before the transaction: the embedded database serves one session at a time, so a read on
    // another connection inside it (a cold directory cache) would wait for the transaction itself.
    const directory = await this.directory.entries();
    return this.dataSource.transaction(async (m) => {
      const [{ locked }] = await m.query(
        `SELECT pg_try_advisory_xact_lock(hashtext('cage_integrity_notify')) AS locked`,
      );
      if (!locked) return 0;
      const pending: IntegrityAlertRow[] = await m.query(
        `SELECT a.id, a.indicator, a.subject_staff_ids AS "subjectStaffIds", a.region_code AS "regionCode", a.summary, a.raised_at AS "raisedAt"
           FROM integrity_alerts a WHERE NOT EXISTS (SELECT 1 FROM integrity_alert_notifications n WHERE n.integrity_alert_id = a.id)
          ORDER BY a.raised_at, a.id LIMIT ${PER_ROUND}`,
      );
      if (!pending.length) return 0;
      for (const alert of pending) {
        const plan = routeIntegrityAlert(alert, directory, this.runtime.routing.tiers.orange.channels);
        const report = await this.runtime.dispatcher.dispatch(
          integrityAlertMessage(alert, this.runtime.mobileBaseUrl),
          plan.deliveries,
        );
        if (!plan.recipients.length)
          this.logger.warn(`integrity alert ${alert.id}: no discipline inspector for region ${alert.regionCode}`);
        await m.query(
          `INSERT INTO integrity_alert_notifications (integrity_alert_id, recipients, deliveries, notified_at) VALUES ($1, $2::jsonb, $3::jsonb, $4)`,
          [
            alert.id,
            JSON.stringify(
              plan.recipients.map((r) => ({ id: r.id, name: r.name, role: r.role, regionCode: r.regionCode })),
            ),
            JSON.stringify(
              report.deliveries.map((d, i) => ({
                channel: d.channel,
                target: maskedTargetKey(plan.deliveries[i].target),
                recipientIds: d.recipientIds,
                status: d.status,
                attempts: d.attempts.length,
              })),
            ),
            this.clock.now(),
          ],
        );
      }
      return pending.length;
    });
  }
}
