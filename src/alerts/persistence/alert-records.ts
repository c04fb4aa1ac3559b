import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { recordContentHash } from '../../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { appendLeaves, type NewLeaf } from '../../evidence-chain/log/evidence-appender';
import type { LeafKind } from '../../evidence-chain/log/leaf-kinds';
import type { Actor, Alert } from '../domain/alert';
import { BUREAU_WIDE, type AlertReason } from '../domain/assessment-signal';
import { AccountabilityRecordEntity } from '../entities/accountability-record.entity';
import { AlertDeliveryEntity } from '../entities/alert-delivery.entity';
import { AlertEventEntity, type AlertEventKind } from '../entities/alert-event.entity';
import { AlertEntity } from '../entities/alert.entity';
import { ContingencyPlanEntity } from '../entities/contingency-plan.entity';
import { ContingencyTaskEntity } from '../entities/contingency-task.entity';
import type { AccountabilityRecord } from '../policy/escalation';
import type { ContingencyPlan } from '../routing/contingency-plan';
import { toStoredAlert } from './alert-json';

// Every row written here that is history (events, deliveries, accountability) is also an evidence
// leaf, appended in the caller's transaction: the row and its leaf are stored together or not at all.
// The leaf's content hash is over the row as a plain record (dates as ISO strings), so anyone holding
// the row can recompute it.

export const EVIDENCE_KINDS = { alert: 'alert', action: 'alert_action', delivery: 'alert_delivery', accountability: 'accountability' } as const;

export function dbFirmId(alert: Pick<Alert, 'firmId'>): string | null {
  return alert.firmId === BUREAU_WIDE ? null : alert.firmId;
}

export async function saveAlert(m: EntityManager, alert: Alert, version: number, reasons: AlertReason[], lastAssessmentId: string | null): Promise<void> {
  const row: AlertEntity = {
    id: alert.id,
    firmId: dbFirmId(alert),
    causeKey: alert.causeKey,
    tier: alert.tier,
    status: alert.status,
    veto: alert.veto,
    reasons,
    regionCode: alert.firmRegionCode,
    openedAt: alert.openedAt,
    deadlineAt: alert.ackDeadline,
    escalationLevel: alert.escalationLevel,
    updatedAt: alert.updatedAt,
    version,
    lastAssessmentId,
    state: toStoredAlert(alert),
  };
  if (version === 1) await m.getRepository(AlertEntity).insert(row);
  else await m.getRepository(AlertEntity).update({ id: alert.id }, row);
}

export interface NewEvent {
  kind: AlertEventKind;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  tier?: string | null;
  actor: Actor;
  at: Date;
  reason?: string | null;
  payload?: Record<string, unknown> | null;
}

/** Appends events of one alert (all at `version`) and their leaves; returns the event ids in order. */
export async function appendEvents(m: EntityManager, alert: Pick<Alert, 'id' | 'firmId'>, version: number, events: NewEvent[]): Promise<string[]> {
  if (!events.length) return [];
  const rows: AlertEventEntity[] = events.map((e) => ({
    id: randomUUID(),
    alertId: alert.id,
    alertVersion: version,
    kind: e.kind,
    action: e.action,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
    tier: e.tier ?? null,
    actorStaffId: e.actor.kind === 'staff' ? e.actor.staffId : null,
    actor: { ...e.actor },
    at: e.at,
    reason: e.reason ?? null,
    payload: e.payload ?? null,
  }));
  await m.getRepository(AlertEventEntity).insert(rows as QueryDeepPartialEntity<AlertEventEntity>[]);
  await appendLeaves(
    m,
    rows.map((r) => leaf(eventLeafKind(r.kind), r.id, eventRecord(r), dbFirmId(alert))),
  );
  return rows.map((r) => r.id);
}

export async function appendAccountability(m: EntityManager, record: AccountabilityRecord, regionCode: string): Promise<string> {
  const row: AccountabilityRecordEntity = {
    id: randomUUID(),
    alertId: record.alertId,
    firmId: record.firmId === BUREAU_WIDE ? null : record.firmId,
    regionCode,
    tier: record.tier,
    deadlineAt: record.deadline,
    detectedAt: record.detectedAt,
    lateByMs: String(record.lateByMs),
    escalationLevel: record.escalationLevel,
    responsibleRole: record.responsibleRole,
    responsibleRegionCode: record.responsibleRegionCode,
    responsible: record.responsible,
    escalatedTo: { ...record.escalatedTo },
  };
  await m.getRepository(AccountabilityRecordEntity).insert(row as QueryDeepPartialEntity<AccountabilityRecordEntity>);
  await appendLeaves(m, [leaf(EVIDENCE_KINDS.accountability, row.id, accountabilityRecord(row), row.firmId)]);
  return row.id;
}

/** Opens the plan of a red alert unless it already has one; true when opened now. */
export async function openPlan(m: EntityManager, plan: ContingencyPlan): Promise<boolean> {
  const planId = randomUUID();
  const inserted = await m
    .createQueryBuilder()
    .insert()
    .into(ContingencyPlanEntity)
    .values({ id: planId, alertId: plan.alertId, templateId: plan.templateId, name: plan.name, openedAt: plan.openedAt })
    .orIgnore()
    .returning(['id'])
    .execute();
  if (!inserted.raw.length) return false;
  await m.getRepository(ContingencyTaskEntity).insert(
    plan.tasks.map((t) => ({
      id: randomUUID(),
      planId,
      taskId: t.taskId,
      title: t.title,
      ownerRole: t.ownerRole,
      ownerRegionCode: t.ownerRegionCode,
      ownerStaffIds: t.ownerStaffIds,
      dueAt: t.dueAt,
      status: t.status,
      completedAt: null,
    })),
  );
  return true;
}

export type NewDelivery = Omit<AlertDeliveryEntity, 'id' | 'alert'>;

export async function appendDeliveries(m: EntityManager, firmId: string | null, deliveries: NewDelivery[]): Promise<void> {
  if (!deliveries.length) return;
  const rows: AlertDeliveryEntity[] = deliveries.map((d) => ({ ...d, id: randomUUID() }));
  await m.getRepository(AlertDeliveryEntity).insert(rows as QueryDeepPartialEntity<AlertDeliveryEntity>[]);
  await appendLeaves(m, rows.map((r) => leaf(EVIDENCE_KINDS.delivery, r.id, deliveryRecord(r), firmId)));
}

function leaf(kind: LeafKind, recordId: string, record: unknown, firmId: string | null): NewLeaf {
  return { kind, recordId, contentHash: recordContentHash(record, nodeSha256), firmId };
}

/** Officials' actions and notes are 'alert_action' leaves; what the policy and the system did, 'alert'. */
export function eventLeafKind(kind: AlertEventKind): LeafKind {
  return kind === 'action' || kind === 'note' ? EVIDENCE_KINDS.action : EVIDENCE_KINDS.alert;
}

// The evidence records: each row's columns as plain JSON (what a verifier recomputes from the row).
export function eventRecord(r: Omit<AlertEventEntity, 'alert'>): Record<string, unknown> {
  return { id: r.id, alertId: r.alertId, alertVersion: r.alertVersion, kind: r.kind, action: r.action, fromStatus: r.fromStatus, toStatus: r.toStatus, tier: r.tier, actorStaffId: r.actorStaffId, actor: r.actor, at: r.at.toISOString(), reason: r.reason, payload: r.payload };
}

export function deliveryRecord(r: Omit<AlertDeliveryEntity, 'alert'>): Record<string, unknown> {
  return { id: r.id, alertId: r.alertId, eventId: r.eventId, recipientId: r.recipientId, channel: r.channel, maskedTarget: r.maskedTarget, status: r.status, attempts: r.attempts, lastError: r.lastError, attemptLog: r.attemptLog, createdAt: r.createdAt.toISOString() };
}

export function accountabilityRecord(r: Omit<AccountabilityRecordEntity, 'alert'>): Record<string, unknown> {
  return {
    id: r.id, alertId: r.alertId, firmId: r.firmId, regionCode: r.regionCode, tier: r.tier, deadlineAt: r.deadlineAt.toISOString(), detectedAt: r.detectedAt.toISOString(),
    lateByMs: r.lateByMs, escalationLevel: r.escalationLevel, responsibleRole: r.responsibleRole, responsibleRegionCode: r.responsibleRegionCode, responsible: r.responsible, escalatedTo: r.escalatedTo,
  };
}
