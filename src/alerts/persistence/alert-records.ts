import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { recordContentHash } from '../../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { appendLeaves, type NewLeaf } from '../../evidence-chain/log/evidence-appender';
import { bulkInsert, type BulkTable } from '../../platform/database/bulk-insert';
import type { Actor, Alert } from '../domain/alert';
import { BUREAU_WIDE, type AlertReason } from '../domain/assessment-signal';
import { AccountabilityRecordEntity } from '../entities/accountability-record.entity';
import { AlertDeliveryEntity } from '../entities/alert-delivery.entity';
import { AlertEventEntity, type AlertEventKind } from '../entities/alert-event.entity';
import { ContingencyPlanEntity } from '../entities/contingency-plan.entity';
import { ContingencyTaskEntity } from '../entities/contingency-task.entity';
import type { AccountabilityRecord } from '../policy/escalation';
import type { ContingencyPlan } from '../routing/contingency-plan';
import { toStoredAlert } from './alert-json';

// Every row written here that is history (events, deliveries, accountability) is also an evidence
// leaf, appended in the caller's transaction: the row and its leaf are stored together or not at all.
// The leaf's content hash is over the row as a plain record (dates as ISO strings), so anyone holding
// the row can recompute it.

export const EVIDENCE_KINDS = {
  alert: 'alert',
  action: 'alert_action',
  delivery: 'alert_delivery',
  accountability: 'accountability',
} as const;

export function dbFirmId(alert: Pick<Alert, 'firmId'>): string | null {
  return alert.firmId === BUREAU_WIDE ? null : alert.firmId;
}

export interface AlertSave {
  alert: Alert;
  /** The version after this change; 1 inserts the row. */
  version: number;
  reasons: AlertReason[];
  lastAssessmentId: string | null;
}

/** Stores the alerts' rows: every new alert in one INSERT, every changed one in one UPDATE. */
export async function saveAlerts(m: EntityManager, saves: readonly AlertSave[]): Promise<void> {
  const fresh = saves.filter((s) => s.version === 1);
  if (fresh.length) {
    await m.query(
      `INSERT INTO alerts (id, firm_id, cause_key, tier, status, veto, reasons, region_code, opened_at, deadline_at, escalation_level, updated_at, version, last_assessment_id, state)
       SELECT * FROM ${ALERT_ROWS}`,
      alertColumns(fresh),
    );
  }
  const changed = saves.filter((s) => s.version !== 1);
  if (changed.length) {
    // The version checked is the one read under FOR UPDATE, so a row changed since cannot be overwritten unnoticed.
    // A CTE, so the driver returns the rows as for a SELECT.
    const updated: Array<{ id: string }> = await m.query(
      `WITH saved AS (UPDATE alerts a SET firm_id = u.firm_id, cause_key = u.cause_key, tier = u.tier, status = u.status, veto = u.veto, reasons = u.reasons,
              region_code = u.region_code, opened_at = u.opened_at, deadline_at = u.deadline_at, escalation_level = u.escalation_level,
              updated_at = u.updated_at, version = u.version, last_assessment_id = u.last_assessment_id, state = u.state
         FROM ${ALERT_ROWS}
        WHERE a.id = u.id AND a.version = u.version - 1
        RETURNING a.id) SELECT id FROM saved`,
      alertColumns(changed),
    );
    if (updated.length !== changed.length) {
      const missed = changed.filter((c) => !updated.some((u) => u.id === c.alert.id)).map((c) => c.alert.id);
      throw new Error(`alerts changed concurrently, not saved: ${missed.join(', ')}`);
    }
  }
}

// The alerts' rows from the parameters of alertColumns: an array per column, the jsonb columns
// (reasons, state) as one JSON array each (see appendEventGroups).
const ALERT_ROWS = `ROWS FROM (unnest($1::uuid[]), unnest($2::uuid[]), unnest($3::text[]), unnest($4::alert_tier[]), unnest($5::alert_status[]),
    unnest($6::boolean[]), jsonb_array_elements($7::jsonb), unnest($8::char(6)[]), unnest($9::timestamptz[]), unnest($10::timestamptz[]),
    unnest($11::int[]), unnest($12::timestamptz[]), unnest($13::int[]), unnest($14::text[]), jsonb_array_elements($15::jsonb))
  AS u(id, firm_id, cause_key, tier, status, veto, reasons, region_code, opened_at, deadline_at, escalation_level, updated_at, version, last_assessment_id, state)`;

/** The alerts table's columns as parallel arrays (jsonb ones as JSON array texts), in the order of ALERT_ROWS. */
function alertColumns(saves: readonly AlertSave[]): unknown[] {
  const column = <T>(f: (s: AlertSave) => T) => saves.map(f);
  return [
    column((s) => s.alert.id),
    column((s) => dbFirmId(s.alert)),
    column((s) => s.alert.causeKey),
    column((s) => s.alert.tier),
    column((s) => s.alert.status),
    column((s) => s.alert.veto),
    jsonArray(column((s) => JSON.stringify(s.reasons))),
    column((s) => s.alert.firmRegionCode),
    column((s) => s.alert.openedAt.toISOString()),
    column((s) => s.alert.ackDeadline?.toISOString() ?? null),
    column((s) => s.alert.escalationLevel),
    column((s) => s.alert.updatedAt.toISOString()),
    column((s) => s.version),
    column((s) => s.lastAssessmentId),
    jsonArray(column((s) => JSON.stringify(toStoredAlert(s.alert)))),
  ];
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

/** The events of one alert at one version. */
export interface EventGroup {
  alert: Pick<Alert, 'id' | 'firmId'>;
  version: number;
  events: NewEvent[];
}

/** Appends events of one alert (all at `version`) and their leaves; returns the event ids in order. */
export async function appendEvents(
  m: EntityManager,
  alert: Pick<Alert, 'id' | 'firmId'>,
  version: number,
  events: NewEvent[],
): Promise<string[]> {
  return (await appendEventGroups(m, [{ alert, version, events }]))[0];
}

/** Appends the events of several alerts in one INSERT, and their leaves in another; the event ids per group, in order. */
export async function appendEventGroups(m: EntityManager, groups: readonly EventGroup[]): Promise<string[][]> {
  const rows = groups.map((g) => g.events.map((e) => ({ row: eventRow(g, e), firmId: dbFirmId(g.alert) })));
  const all = rows.flat();
  if (!all.length) return rows.map(() => []);
  const column = <T>(f: (r: Omit<AlertEventEntity, 'alert'>) => T) => all.map(({ row }) => f(row));
  // The jsonb columns travel as one JSON array each, not as jsonb[]: the driver would escape every
  // quote of every payload (an alert snapshot each) into an array literal, a visible share of the
  // service's CPU per alert; a JSON array is the texts joined.
  await m.query(
    `INSERT INTO alert_events (id, alert_id, alert_version, kind, action, from_status, to_status, tier, actor_staff_id, actor, at, reason, payload)
     SELECT id, alert_id, alert_version, kind, action, from_status, to_status, tier, actor_staff_id, actor, at, reason, NULLIF(payload, 'null'::jsonb)
       FROM ROWS FROM (unnest($1::uuid[]), unnest($2::uuid[]), unnest($3::int[]), unnest($4::text[]), unnest($5::text[]), unnest($6::text[]),
                       unnest($7::text[]), unnest($8::text[]), unnest($9::text[]), jsonb_array_elements($10::jsonb), unnest($11::timestamptz[]),
                       unnest($12::text[]), jsonb_array_elements($13::jsonb))
         AS u(id, alert_id, alert_version, kind, action, from_status, to_status, tier, actor_staff_id, actor, at, reason, payload)`,
    [
      column((r) => r.id),
      column((r) => r.alertId),
      column((r) => r.alertVersion),
      column((r) => r.kind),
      column((r) => r.action),
      column((r) => r.fromStatus),
      column((r) => r.toStatus),
      column((r) => r.tier),
      column((r) => r.actorStaffId),
      jsonArray(column((r) => JSON.stringify(r.actor))),
      column((r) => r.at.toISOString()),
      column((r) => r.reason),
      jsonArray(column((r) => (r.payload === null ? 'null' : JSON.stringify(r.payload)))),
    ],
  );
  await appendLeaves(
    m,
    all.map(({ row, firmId }) => leaf(eventLeafKind(row.kind), row.id, eventRecord(row), firmId)),
  );
  return rows.map((group) => group.map(({ row }) => row.id));
}

/** JSON texts as one JSON array text (for jsonb_array_elements). */
function jsonArray(texts: readonly string[]): string {
  return `[${texts.join(',')}]`;
}

function eventRow(g: EventGroup, e: NewEvent): Omit<AlertEventEntity, 'alert'> {
  return {
    id: randomUUID(),
    alertId: g.alert.id,
    alertVersion: g.version,
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
  };
}

export async function appendAccountability(
  m: EntityManager,
  record: AccountabilityRecord,
  regionCode: string,
): Promise<string> {
  return (await appendAccountabilityRecords(m, [{ record, regionCode }]))[0];
}

const ACCOUNTABILITY: BulkTable = {
  name: 'accountability_records',
  columns: [
    { name: 'id', type: 'uuid' },
    { name: 'alert_id', type: 'uuid' },
    { name: 'firm_id', type: 'uuid' },
    { name: 'region_code', type: 'char(6)' },
    { name: 'tier', type: 'text' },
    { name: 'deadline_at', type: 'timestamptz' },
    { name: 'detected_at', type: 'timestamptz' },
    { name: 'late_by_ms', type: 'bigint' },
    { name: 'escalation_level', type: 'integer' },
    { name: 'responsible_role', type: 'text' },
    { name: 'responsible_region_code', type: 'char(6)' },
    { name: 'responsible', type: 'jsonb' },
    { name: 'escalated_to', type: 'jsonb' },
  ],
};

/** Accountability records of several alerts (an escalation tick): one bulk write and one of leaves; the ids in order. */
export async function appendAccountabilityRecords(
  m: EntityManager,
  items: ReadonlyArray<{ record: AccountabilityRecord; regionCode: string }>,
): Promise<string[]> {
  const rows = items.map(({ record, regionCode }): Omit<AccountabilityRecordEntity, 'alert'> => ({
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
  }));
  if (!rows.length) return [];
  await bulkInsert(
    m,
    ACCOUNTABILITY,
    rows.map((r) => [
      r.id,
      r.alertId,
      r.firmId,
      r.regionCode,
      r.tier,
      r.deadlineAt.toISOString(),
      r.detectedAt.toISOString(),
      r.lateByMs,
      r.escalationLevel,
      r.responsibleRole,
      r.responsibleRegionCode,
      { json: JSON.stringify(r.responsible) },
      { json: JSON.stringify(r.escalatedTo) },
    ]),
  );
  await appendLeaves(
    m,
    rows.map((r) => leaf(EVIDENCE_KINDS.accountability, r.id, accountabilityRecord(r), r.firmId)),
  );
  return rows.map((r) => r.id);
}

/** Opens the plan of a red alert unless it already has one; true when opened now. */
export async function openPlan(m: EntityManager, plan: ContingencyPlan): Promise<boolean> {
  const planId = randomUUID();
  const inserted = await m
    .createQueryBuilder()
    .insert()
    .into(ContingencyPlanEntity)
    .values({
      id: planId,
      alertId: plan.alertId,
      templateId: plan.templateId,
      name: plan.name,
      openedAt: plan.openedAt,
    })
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

const DELIVERIES: BulkTable = {
  name: 'alert_deliveries',
  columns: [
    { name: 'id', type: 'uuid' },
    { name: 'alert_id', type: 'uuid' },
    { name: 'event_id', type: 'uuid' },
    { name: 'recipient_id', type: 'text' },
    { name: 'channel', type: 'text' },
    { name: 'masked_target', type: 'text' },
    { name: 'status', type: 'text' },
    { name: 'attempts', type: 'integer' },
    { name: 'last_error', type: 'text' },
    { name: 'attempt_log', type: 'jsonb' },
    { name: 'created_at', type: 'timestamptz' },
  ],
};

/** Delivery rows of one or more alerts: one bulk write (COPY for many) and one of leaves, whatever their number. */
export async function appendDeliveries(
  m: EntityManager,
  batches: ReadonlyArray<{ firmId: string | null; deliveries: readonly NewDelivery[] }>,
): Promise<void> {
  // Rows built field by field, not spread: five or six per alert, and spreads were a visible cost.
  const rows: Array<{ row: Omit<AlertDeliveryEntity, 'alert'>; firmId: string | null }> = [];
  for (const b of batches)
    for (const d of b.deliveries)
      rows.push({
        row: {
          id: randomUUID(),
          alertId: d.alertId,
          eventId: d.eventId,
          recipientId: d.recipientId,
          channel: d.channel,
          maskedTarget: d.maskedTarget,
          status: d.status,
          attempts: d.attempts,
          lastError: d.lastError,
          attemptLog: d.attemptLog,
          createdAt: d.createdAt,
        },
        firmId: b.firmId,
      });
  if (!rows.length) return;
  await bulkInsert(
    m,
    DELIVERIES,
    rows.map(({ row: r }) => [
      r.id,
      r.alertId,
      r.eventId,
      r.recipientId,
      r.channel,
      r.maskedTarget,
      r.status,
      r.attempts,
      r.lastError,
      { json: JSON.stringify(r.attemptLog) },
      r.createdAt.toISOString(),
    ]),
  );
  await appendLeaves(
    m,
    rows.map(({ row, firmId }) => leaf(EVIDENCE_KINDS.delivery, row.id, deliveryRecord(row), firmId)),
  );
}

function leaf(kind: string, recordId: string, record: unknown, firmId: string | null): NewLeaf {
  return { kind, recordId, contentHash: recordContentHash(record, nodeSha256), firmId };
}

/** Officials' actions and notes are 'alert_action' leaves; what the policy and the system did, 'alert'. */
export function eventLeafKind(kind: AlertEventKind): typeof EVIDENCE_KINDS.alert | typeof EVIDENCE_KINDS.action {
  return kind === 'action' || kind === 'note' ? EVIDENCE_KINDS.action : EVIDENCE_KINDS.alert;
}

// The evidence records: each row's columns as plain JSON (what a verifier recomputes from the row).
export function eventRecord(r: Omit<AlertEventEntity, 'alert'>): Record<string, unknown> {
  return {
    id: r.id,
    alertId: r.alertId,
    alertVersion: r.alertVersion,
    kind: r.kind,
    action: r.action,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    tier: r.tier,
    actorStaffId: r.actorStaffId,
    actor: r.actor,
    at: r.at.toISOString(),
    reason: r.reason,
    payload: r.payload,
  };
}

export function deliveryRecord(r: Omit<AlertDeliveryEntity, 'alert'>): Record<string, unknown> {
  return {
    id: r.id,
    alertId: r.alertId,
    eventId: r.eventId,
    recipientId: r.recipientId,
    channel: r.channel,
    maskedTarget: r.maskedTarget,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    attemptLog: r.attemptLog,
    createdAt: r.createdAt.toISOString(),
  };
}

export function accountabilityRecord(r: Omit<AccountabilityRecordEntity, 'alert'>): Record<string, unknown> {
  return {
    id: r.id,
    alertId: r.alertId,
    firmId: r.firmId,
    regionCode: r.regionCode,
    tier: r.tier,
    deadlineAt: r.deadlineAt.toISOString(),
    detectedAt: r.detectedAt.toISOString(),
    lateByMs: r.lateByMs,
    escalationLevel: r.escalationLevel,
    responsibleRole: r.responsibleRole,
    responsibleRegionCode: r.responsibleRegionCode,
    responsible: r.responsible,
    escalatedTo: r.escalatedTo,
  };
}
