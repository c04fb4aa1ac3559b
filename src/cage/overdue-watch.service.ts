import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { appendLeaves } from '../evidence-chain/log/evidence-appender';
import { CageClock } from './cage-clock';
import {
  INTEGRITY_ALERT_COLUMNS,
  OVERDUE_ACCOUNTABILITY_COLUMNS,
  traceRowHash,
} from './persistence/power-trace-records';

/** 超期: a fact of inaction found by the sweep, before it is written. */
export interface Overdue {
  subjectKey: string;
  cause: 'handling_overdue' | 'task_overdue';
  alertId: string;
  firmId: string | null;
  regionCode: string;
  responsibleRole: string;
  responsibleRegionCode: string;
  responsible: Array<{ staffId: string; name: string }>;
  deadlineAt: Date;
  detail: Record<string, unknown>;
}

/** 廉政风险预警 to write: routed to the discipline inspectors of regionCode, never shown to its subjects. */
export interface NewIntegrityAlert {
  subjectKey: string;
  indicator: string;
  subjectStaffIds: string[];
  subjectRole: string;
  regionCode: string;
  firmId: string | null;
  summary: string;
  evidence: Record<string, unknown>;
}

/**
 * 问责 beyond unacknowledged alerts: an alert acknowledged and not handled by the time limit of the
 * power list (the acknowledge trace's due_at), and a contingency task past its due time, each become
 * one accountability record and one integrity alert. Idempotent by subject key.
 */
@Injectable()
export class OverdueWatchService {
  private readonly logger = new Logger(OverdueWatchService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: CageClock,
  ) {}

  async sweep(now: Date = this.clock.now()): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      // One sweeper at a time across replicas; the others find the work done.
      const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('cage_overdue_watch')) AS locked`);
      if (!locked) return 0;
      const found = [...(await unhandledAcknowledgements(m, now)), ...(await overdueTasks(m, now))];
      for (const o of found) {
        const accountabilityId = await appendOverdue(m, o, now);
        const who = o.responsible.map((r) => r.name).join('、') || o.responsibleRole;
        await appendIntegrityAlert(
          m,
          {
            subjectKey: o.subjectKey,
            indicator: o.cause,
            subjectStaffIds: o.responsible.map((r) => r.staffId),
            subjectRole: o.responsibleRole,
            regionCode: o.responsibleRegionCode,
            firmId: o.firmId,
            summary: o.cause === 'handling_overdue' ? `${who} 签收预警后逾期未处置` : `${who} 应急任务逾期未完成`,
            evidence: { accountabilityId, alertId: o.alertId, ...o.detail },
          },
          now,
        );
        this.logger.warn(
          `${o.cause}: ${o.subjectKey} past ${o.deadlineAt.toISOString()} (${o.responsibleRole} ${o.responsibleRegionCode})`,
        );
      }
      return found.length;
    });
  }
}

async function unhandledAcknowledgements(m: EntityManager, now: Date): Promise<Overdue[]> {
  const rows: Array<{
    traceId: string;
    actorId: string;
    actorName: string;
    actorRole: string;
    actorRegion: string;
    dueAt: Date;
    alertId: string;
    firmId: string | null;
    regionCode: string;
    tier: string;
  }> = await m.query(
    `SELECT t.id AS "traceId", t.actor_id AS "actorId", t.actor_name AS "actorName", t.actor_role AS "actorRole", t.actor_region AS "actorRegion", t.due_at AS "dueAt",
              a.id AS "alertId", a.firm_id AS "firmId", a.region_code AS "regionCode", a.tier::text AS tier
         FROM power_traces t JOIN alerts a ON a.id::text = t.target_id
        WHERE t.power_id = 'alert.acknowledge' AND t.due_at < $1 AND a.status = 'acknowledged'
          AND NOT EXISTS (SELECT 1 FROM overdue_accountability o WHERE o.subject_key = 'handling:' || t.id)
        ORDER BY t.due_at LIMIT 500`,
    [now],
  );
  return rows.map((r) => ({
    subjectKey: `handling:${r.traceId}`,
    cause: 'handling_overdue',
    alertId: r.alertId,
    firmId: r.firmId,
    regionCode: r.regionCode,
    responsibleRole: r.actorRole,
    responsibleRegionCode: r.actorRegion,
    responsible: [{ staffId: r.actorId, name: r.actorName }],
    deadlineAt: r.dueAt,
    detail: { acknowledgeTraceId: r.traceId, tier: r.tier },
  }));
}

async function overdueTasks(m: EntityManager, now: Date): Promise<Overdue[]> {
  const rows: Array<{
    id: string;
    taskId: string;
    title: string;
    ownerRole: string;
    ownerRegionCode: string;
    ownerStaffIds: string[];
    dueAt: Date;
    alertId: string;
    firmId: string | null;
    regionCode: string;
  }> = await m.query(
    `SELECT t.id, t.task_id AS "taskId", t.title, t.owner_role AS "ownerRole", t.owner_region_code AS "ownerRegionCode", t.owner_staff_ids AS "ownerStaffIds", t.due_at AS "dueAt",
              p.alert_id AS "alertId", a.firm_id AS "firmId", a.region_code AS "regionCode"
         FROM contingency_tasks t JOIN contingency_plans p ON p.id = t.plan_id JOIN alerts a ON a.id = p.alert_id
        WHERE t.status <> 'done' AND t.due_at < $1
          AND NOT EXISTS (SELECT 1 FROM overdue_accountability o WHERE o.subject_key = 'task:' || t.id)
        ORDER BY t.due_at LIMIT 500`,
    [now],
  );
  const ids = [...new Set(rows.flatMap((r) => r.ownerStaffIds ?? []))];
  const names = new Map<string, string>(
    ids.length
      ? (
          (await m.query(
            `SELECT id::text AS id, display_name AS name FROM staff_users WHERE id::text = ANY($1::text[])`,
            [ids],
          )) as Array<{ id: string; name: string }>
        ).map((s) => [s.id, s.name])
      : [],
  );
  return rows.map((r) => ({
    subjectKey: `task:${r.id}`,
    cause: 'task_overdue',
    alertId: r.alertId,
    firmId: r.firmId,
    regionCode: r.regionCode,
    responsibleRole: r.ownerRole,
    responsibleRegionCode: r.ownerRegionCode.trim(),
    responsible: (r.ownerStaffIds ?? []).map((staffId) => ({ staffId, name: names.get(staffId) ?? staffId })),
    deadlineAt: r.dueAt,
    detail: { taskId: r.taskId, title: r.title },
  }));
}

/** Writes an accountability record of inaction and its evidence leaf. */
export async function appendOverdue(m: EntityManager, o: Overdue, now: Date): Promise<string> {
  const [row]: Array<Record<string, unknown> & { id: string }> = await m.query(
    `INSERT INTO overdue_accountability (id, subject_key, cause, alert_id, firm_id, region_code, responsible_role, responsible_region_code, responsible, deadline_at, detected_at, late_by_ms, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13::jsonb) RETURNING ${OVERDUE_ACCOUNTABILITY_COLUMNS}`,
    [
      randomUUID(),
      o.subjectKey,
      o.cause,
      o.alertId,
      o.firmId,
      o.regionCode,
      o.responsibleRole,
      o.responsibleRegionCode,
      JSON.stringify(o.responsible),
      o.deadlineAt,
      now,
      now.getTime() - o.deadlineAt.getTime(),
      JSON.stringify(o.detail),
    ],
  );
  await appendLeaves(m, [
    { kind: 'overdue_accountability', recordId: row.id, contentHash: traceRowHash(row), firmId: o.firmId },
  ]);
  return row.id;
}

/** Writes an integrity alert and its evidence leaf; an alert of the same subject key is not written twice. */
export async function appendIntegrityAlert(m: EntityManager, a: NewIntegrityAlert, now: Date): Promise<string | null> {
  const rows: Array<Record<string, unknown> & { id: string }> = await m.query(
    `INSERT INTO integrity_alerts (id, subject_key, indicator, subject_staff_ids, subject_role, region_code, firm_id, summary, evidence, raised_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9::jsonb, $10) ON CONFLICT (subject_key) DO NOTHING RETURNING ${INTEGRITY_ALERT_COLUMNS}`,
    [
      randomUUID(),
      a.subjectKey,
      a.indicator,
      JSON.stringify(a.subjectStaffIds),
      a.subjectRole,
      a.regionCode,
      a.firmId,
      a.summary,
      JSON.stringify(a.evidence),
      now,
    ],
  );
  if (!rows.length) return null;
  await appendLeaves(m, [
    { kind: 'integrity_alert', recordId: rows[0].id, contentHash: traceRowHash(rows[0]), firmId: a.firmId },
  ]);
  return rows[0].id;
}
