import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { canSeeRegion } from '../staff/region-scope';
import { AlertNotifier, type PendingNotification } from './alert-notifier.service';
import { AlertWriter, type AlertChange } from './alert-writer.service';
import { AlertsClock } from './alerts-clock';
import { AlertActionForbidden, AlertNotFound, AlertStepInvalid } from './alerts.errors';
import { ALERTS_RUNTIME, type AlertsRuntime } from './alerts.tokens';
import type { Actor, Alert, HandlingAction } from './domain/alert';
import { transition } from './domain/alert-state-machine';
import { causeKey } from './domain/alert-cause';
import { reasonLine, type AlertReason, type AssessmentSignal } from './domain/assessment-signal';
import { AlertSubjects, type AlertSubject } from './alert-subjects.service';
import { AlertsDirectoryService } from './directory/alerts-directory.service';
import { GroupCommit } from './group-commit';
import { fromStoredAlert, type StoredAlert } from './persistence/alert-json';
import { appendEvents, dbFirmId } from './persistence/alert-records';
import { lockOpenAlerts, openAlertKey, type OpenAlertRow } from './persistence/open-alerts';
import type { DirectoryEntry } from './routing/staff-directory';
import type { AlertViewer } from './alert-viewer';
import { applySignal, type PolicyDecision } from './policy/alert-policy';
import { validateSignal } from './signal-validation';
import { isUuid } from '../platform/uuid';
import { isReadOnlyRole } from '../staff/staff-role';

export interface SignalResult {
  decision: PolicyDecision['kind'] | 'duplicate';
  alert: Alert | null;
  /** Whether messages are being sent (open, worsen). */
  notified: boolean;
  /** When notified: settles once every delivery of the notification is stored (delivered or not). */
  delivered?: Promise<void>;
}

export type AlertStepAction = HandlingAction | 'note';

const POLICY: Actor = { kind: 'system', component: 'alert-policy' };
// Signals arriving while earlier ones are being stored are applied together (one transaction for
// up to SIGNALS_PER_TRANSACTION), with at most SIGNAL_TRANSACTIONS of them at once: the pool keeps
// connections for delivery records, escalation and the API.
const SIGNAL_TRANSACTIONS = 4;
const SIGNALS_PER_TRANSACTION = 200;

interface PendingSignal {
  signal: AssessmentSignal;
  subject: AlertSubject;
}

interface AppliedSignal {
  result: SignalResult;
  /** What to send once committed (open, worsen). */
  notification: PendingNotification | null;
}

/** Signals in, officials' steps in: every change stored with its events and evidence leaves. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: AlertWriter,
    private readonly notifier: AlertNotifier,
    private readonly subjects: AlertSubjects,
    private readonly directory: AlertsDirectoryService,
    private readonly clock: AlertsClock,
    @Inject(ALERTS_RUNTIME) private readonly runtime: AlertsRuntime,
  ) {}

  private readonly signals = new GroupCommit<PendingSignal, AppliedSignal>({
    maxWriting: SIGNAL_TRANSACTIONS,
    maxBatch: SIGNALS_PER_TRANSACTION,
    key: ({ signal, subject }) => openAlertKey(dbFirmId(subject), causeKey(signal.cause)),
    runBatch: (items) => this.applyBatch(items),
  });

  /**
   * Applies one assessment to the open alert of its firm and cause (alert-policy applySignal) and
   * stores the outcome; on open and worsen the messages go out after the commit, asynchronously.
   * Idempotent: a replayed assessment changes nothing. Signals that arrive together are stored
   * together (GroupCommit); signals of one firm and cause still apply one after another.
   */
  async onSignal(signal: AssessmentSignal): Promise<SignalResult> {
    validateSignal(signal);
    const subject = await this.subjects.of(signal.firmId);
    const result = await this.signals.submit({ signal, subject });
    return result.notification
      ? { ...result.result, delivered: this.notifier.send([result.notification]) }
      : result.result;
  }

  /** An official's step (acknowledge, start, resolve, mark_false_positive) or note on an alert they can see. */
  async act(alertId: string, viewer: AlertViewer, action: AlertStepAction, reason: string | null): Promise<Alert> {
    const directory = await this.directory.entries();
    return this.dataSource.transaction(async (m) => {
      const row = await this.lockVisible(m, alertId, viewer);
      const alert = fromStoredAlert(row.state);
      const actor: Actor = { kind: 'staff', staffId: viewer.id, name: viewer.displayName, role: viewer.role };
      const at = this.clock.now();
      if (action !== 'note') {
        // Steps of officials notify nobody; the pure state machine decides whether the step is allowed.
        const next = transition(alert, action, actor, at, reason);
        await this.writer.write(m, {
          before: alert,
          after: next,
          version: row.version,
          reasons: row.reasons,
          lastAssessmentId: row.last_assessment_id,
          directory,
        });
        return next;
      }
      if (isReadOnlyRole(viewer.role)) throw new AlertActionForbidden(alertId, viewer.role, 'note');
      const text = reason?.trim();
      if (!text)
        throw new AlertStepInvalid(`'note' needs a reason`, [
          { pointer: '/reason', detail: 'the note text is required' },
        ]);
      await appendEvents(m, alert, row.version, [
        {
          kind: 'note',
          action: 'note',
          fromStatus: alert.status,
          toStatus: alert.status,
          tier: alert.tier,
          actor,
          at,
          reason: text,
        },
      ]);
      return alert;
    });
  }

  /**
   * Applies signals of distinct firm-and-cause keys in one transaction: their open alerts locked in
   * one query, their rows and events written in shared INSERTs. A lone signal whose first alert lost
   * a race to open (unique violation) is applied again, to the winner's alert.
   */
  private async applyBatch(items: PendingSignal[]): Promise<AppliedSignal[]> {
    try {
      return await this.applyTogether(items);
    } catch (error) {
      if (
        items.length === 1 &&
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === '23505'
      )
        return this.applyTogether(items);
      throw error;
    }
  }

  private async applyTogether(items: PendingSignal[]): Promise<AppliedSignal[]> {
    const directory = await this.directory.entries();
    return this.dataSource.transaction(async (m) => {
      const open = await lockOpenAlerts(
        m,
        items.map(({ signal, subject }) => ({ firmId: dbFirmId(subject), causeKey: causeKey(signal.cause) })),
      );
      const applied: AppliedSignal[] = [];
      const changes: AlertChange[] = [];
      const changed: number[] = [];
      for (const { signal, subject } of items) {
        const decided = this.decide(
          signal,
          subject,
          open.get(openAlertKey(dbFirmId(subject), causeKey(signal.cause))),
          directory,
        );
        if (decided.change) {
          changed.push(applied.length);
          changes.push(decided.change);
        }
        applied.push({ result: decided.result, notification: null });
      }
      const notifications = await this.writer.writeAll(m, changes);
      notifications.forEach((n, i) => (applied[changed[i]].notification = n));
      return applied;
    });
  }

  /** The policy's decision on one signal against its open alert, and the change to store if any. */
  private decide(
    signal: AssessmentSignal,
    subject: AlertSubject,
    row: OpenAlertRow | undefined,
    directory: readonly DirectoryEntry[],
  ): { result: SignalResult; change?: AlertChange } {
    const current = row ? fromStoredAlert(row.state) : null;
    if (row && row.last_assessment_id === signal.assessmentId)
      return { result: { decision: 'duplicate', alert: current, notified: false } };
    const outcome = applySignal(
      current,
      {
        firmId: subject.firmId,
        firmName: subject.name,
        firmRegionCode: subject.regionCode,
        cause: signal.cause,
        tier: signal.tier,
        reasons: signal.reasons.map(reasonLine),
        veto: signal.veto,
        periodId: signal.periodId,
        at: signal.assessedAt,
      },
      { calendar: this.runtime.calendar, newId: randomUUID },
    );
    const { decision } = outcome;
    const result: SignalResult = { decision: decision.kind, alert: outcome.alert, notified: false };
    if (!outcome.alert || decision.kind === 'none' || decision.kind === 'stale') return { result };
    // A quiet outcome adds a history line only when it says something new: a re-score that changes
    // nothing (same reasons, same calm periods) leaves the history as it was.
    const quiet =
      (decision.kind === 'update' && !sameReasons(row?.reasons ?? [], signal.reasons)) ||
      (decision.kind === 'hold' &&
        JSON.stringify(current?.calmPeriods ?? []) !== JSON.stringify(outcome.alert.calmPeriods));
    const change: AlertChange = {
      before: current,
      after: outcome.alert,
      version: row?.version ?? 0,
      // A held alert keeps the reasons of its tier; every other outcome takes the signal's.
      reasons: decision.kind === 'hold' && row ? row.reasons : signal.reasons,
      lastAssessmentId: signal.assessmentId,
      directory,
      extraEvents: quiet
        ? [
            {
              kind: 'system',
              action: decision.kind,
              fromStatus: outcome.alert.status,
              toStatus: outcome.alert.status,
              tier: outcome.alert.tier,
              actor: POLICY,
              at: signal.assessedAt,
              reason: signal.reasons.map(reasonLine).join('；') || null,
              payload: { assessmentId: signal.assessmentId, periodId: signal.periodId, signalTier: signal.tier },
            },
          ]
        : [],
      notify:
        decision.kind === 'open'
          ? { kind: 'opened' }
          : decision.kind === 'worsen'
            ? { kind: 'worsened', previousTier: decision.from }
            : undefined,
    };
    return { result: { ...result, notified: outcome.notify }, change };
  }

  /** The alert row, locked, if the viewer may see it; else 404 (an alert of another county does not exist for them). */
  private async lockVisible(
    m: EntityManager,
    alertId: string,
    viewer: AlertViewer,
  ): Promise<{ version: number; state: StoredAlert; reasons: AlertReason[]; last_assessment_id: string | null }> {
    if (!isUuid(alertId)) throw new AlertNotFound(alertId);
    const [row] = await m.query(
      `SELECT version, state, reasons, last_assessment_id, region_code FROM alerts WHERE id = $1 FOR UPDATE`,
      [alertId],
    );
    if (!row || !canSeeRegion(viewer, row.region_code)) throw new AlertNotFound(alertId);
    return row;
  }
}

/** The same reason lines, as an official reads them. */
function sameReasons(before: readonly AlertReason[], after: readonly AlertReason[]): boolean {
  return before.length === after.length && before.every((r, i) => reasonLine(r) === reasonLine(after[i]));
}
