import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AlertNotifier, type PendingNotification } from './alert-notifier.service';
import { ALERTS_RUNTIME, type AlertsRuntime } from './alerts.tokens';
import type { AlertMessageKind } from './channels/alert-message';
import { isTerminal, type Alert } from './domain/alert';
import type { AlertReason } from './domain/assessment-signal';
import type { AlertTier } from '../scoring/grading/alert-tier';
import { toStoredAlert } from './persistence/alert-json';
import { addToOutbox } from './persistence/alert-outbox';
import { appendEventGroups, openPlan, saveAlerts, type EventGroup, type NewEvent } from './persistence/alert-records';
import { instantiatePlan } from './routing/contingency-plan';
import { routeAlert } from './routing/route-alert';
import type { DirectoryEntry } from './routing/staff-directory';

export interface AlertChange {
  before: Alert | null;
  after: Alert;
  /** alerts.version before the change (0 for a new alert). */
  version: number;
  reasons: AlertReason[];
  lastAssessmentId: string | null;
  /** Events beyond the history steps the change added (e.g. a policy 'update'). */
  extraEvents?: NewEvent[];
  notify?: { kind: AlertMessageKind; previousTier?: AlertTier };
  /** Loaded before the transaction: a query on another pooled connection inside it could deadlock the pool. */
  directory: readonly DirectoryEntry[];
}

/**
 * Stores changes of alerts inside the caller's transaction: the rows, one event per new history
 * step (each an evidence leaf), the contingency plan when an alert is red, and the notification
 * decision (and its outbox row). Several alerts' rows and events go in shared multi-row INSERTs.
 * Returns, per change, what to send once the transaction has committed.
 */
@Injectable()
export class AlertWriter {
  constructor(@Inject(ALERTS_RUNTIME) private readonly runtime: AlertsRuntime) {}

  async write(m: EntityManager, change: AlertChange): Promise<PendingNotification | null> {
    return (await this.writeAll(m, [change]))[0];
  }

  async writeAll(m: EntityManager, changes: readonly AlertChange[]): Promise<Array<PendingNotification | null>> {
    await saveAlerts(
      m,
      changes.map((c) => ({
        alert: c.after,
        version: c.version + 1,
        reasons: c.reasons,
        lastAssessmentId: c.lastAssessmentId,
      })),
    );
    const groups: EventGroup[] = [];
    const pending: Array<PendingNotification | null> = [];
    for (const change of changes) {
      const { events, notification } = await this.eventsOf(m, change);
      groups.push({ alert: change.after, version: change.version + 1, events });
      pending.push(notification);
    }
    const ids = await appendEventGroups(m, groups);
    // The notification event is the last of its group.
    pending.forEach((p, i) => p && (p.eventId = ids[i][ids[i].length - 1]));
    // Committed with the decision, gone with the delivery rows: a crash in between cannot lose it.
    await addToOutbox(
      m,
      pending.filter((p): p is PendingNotification => p !== null),
      this.runtime.outboxLeaseMs,
    );
    return pending;
  }

  private async eventsOf(
    m: EntityManager,
    change: AlertChange,
  ): Promise<{ events: NewEvent[]; notification: PendingNotification | null }> {
    const { before, after } = change;
    const snapshot = toStoredAlert(after);
    const events: NewEvent[] = after.history.slice(before?.history.length ?? 0).map((s) => ({
      kind: s.actor.kind === 'staff' ? 'action' : 'system',
      action: s.action,
      fromStatus: s.from,
      toStatus: s.to,
      tier: s.tier,
      actor: s.actor,
      at: s.at,
      reason: s.reason,
      payload: { alert: snapshot },
    }));
    events.push(...(change.extraEvents ?? []));

    if (after.tier === 'red' && !isTerminal(after.status)) {
      const plan = instantiatePlan(after, this.runtime.plans, change.directory, this.runtime.calendar, after.updatedAt);
      if (await openPlan(m, plan)) {
        events.push({
          kind: 'plan',
          action: 'plan_opened',
          tier: 'red',
          actor: { kind: 'system', component: 'contingency-plan' },
          at: after.updatedAt,
          reason: plan.name,
          payload: {
            plan: {
              ...plan,
              openedAt: plan.openedAt.toISOString(),
              tasks: plan.tasks.map((t) => ({ ...t, dueAt: t.dueAt.toISOString() })),
            },
          },
        });
      }
    }

    if (!change.notify) return { events, notification: null };
    const routing = routeAlert(after, this.runtime.routing, change.directory);
    events.push({
      kind: 'notification',
      action: change.notify.kind,
      tier: after.tier,
      actor: { kind: 'system', component: 'alert-routing' },
      at: after.updatedAt,
      reason: null,
      payload: AlertNotifier.describe(routing),
    });
    return {
      events,
      notification: {
        alert: after,
        kind: change.notify.kind,
        previousTier: change.notify.previousTier,
        eventId: '',
        deliveries: routing.deliveries,
      },
    };
  }
}
