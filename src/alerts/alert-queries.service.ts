import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { canSeeRegion } from '../staff/region-scope';
import { AlertNotFound, AlertRequestInvalid } from './alerts.errors';
import { ACTIVE_STATUSES, ALERT_STATUSES, isTerminal, type AlertStatus } from './domain/alert';
import { allowedActions } from './domain/alert-state-machine';
import { ALERT_TIERS, TIER_INFO, type AlertTier } from '../scoring/grading/alert-tier';
import { describeCause, type AlertCause } from './domain/alert-cause';
import type { StoredAlert } from './persistence/alert-json';
import { regionPrefixSql, regionScopeSql } from '../staff/region-scope-sql';
import type { AlertViewer } from './alert-viewer';
import { regionCodeProblem } from '../firms/region-code';
import { isUuid } from '../platform/uuid';
import { isReadOnlyRole } from '../staff/staff-role';

export interface AlertFilters {
  tiers?: AlertTier[];
  statuses?: AlertStatus[];
  /** A county, city or province code: alerts of firms within it (intersected with the caller's scope). */
  region?: string;
  /** A firm's unified social credit code: its alerts only. */
  firm?: string;
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export type EvidenceStatus = 'queued' | 'logged' | 'anchored';
/** Where an anchored leaf's checkpoint is: the CometBFT alliance chain or the local signed log (本地签名). */
export type EvidenceLedger = 'cometbft' | 'local';
type EvidenceView = { kind: string; status: EvidenceStatus; leafIndex: number | null; ledger: EvidenceLedger | null };

/** Reads of alerts and accountability records, always within the caller's region scope. */
@Injectable()
export class AlertQueries {
  constructor(private readonly dataSource: DataSource) {}

  async listForStaff(
    viewer: AlertViewer,
    filters: AlertFilters,
    cursor: string | null,
  ): Promise<Page<Record<string, unknown>>> {
    const params: unknown[] = [];
    const where = [regionScopeSql(viewer, 'a.region_code', params)];
    if (filters.tiers?.length) where.push(`a.tier::text = ANY($${params.push(filters.tiers)})`);
    if (filters.statuses?.length) where.push(`a.status::text = ANY($${params.push(filters.statuses)})`);
    if (filters.region) where.push(regionPrefixSql(filters.region, 'a.region_code', params));
    if (filters.firm)
      where.push(`a.firm_id = (SELECT f.id FROM firms f WHERE f.credit_code = $${params.push(filters.firm)})`);
    const after = decodeCursor(cursor);
    if (after)
      where.push(`(a.updated_at, a.id) < ($${params.push(after.at)}::timestamptz, $${params.push(after.id)}::uuid)`);
    const limit = filters.limit ?? 20;
    const rows = await this.dataSource.query(
      `SELECT a.id, a.firm_id, a.cause_key, a.tier::text AS tier, a.status::text AS status, a.veto, a.region_code, a.opened_at, a.deadline_at,
              a.escalation_level, a.updated_at, a.reasons, a.state->>'firmName' AS firm_name, a.state->'cause' AS cause
         FROM alerts a WHERE ${where.join(' AND ')}
        ORDER BY a.updated_at DESC, a.id DESC LIMIT ${limit + 1}`,
      params,
    );
    const items = rows.slice(0, limit).map(summary);
    const last = rows[limit - 1];
    return { items, nextCursor: rows.length > limit ? encodeCursor(last.updated_at, last.id) : null };
  }

  /** One alert with its firm, reasons, history, deliveries, plan and the evidence status of its leaves; 404 outside the scope. */
  async get(alertId: string, viewer: AlertViewer): Promise<Record<string, unknown>> {
    if (!isUuid(alertId)) throw new AlertNotFound(alertId);
    const [row] = await this.dataSource.query(
      `SELECT a.*, a.tier::text AS tier, a.status::text AS status, a.state->>'firmName' AS firm_name, a.state->'cause' AS cause,
              f.credit_code, f.kind::text AS firm_kind, f.licence_status::text AS licence_status
         FROM alerts a LEFT JOIN firms f ON f.id = a.firm_id WHERE a.id = $1`,
      [alertId],
    );
    if (!row || !canSeeRegion(viewer, row.region_code)) throw new AlertNotFound(alertId);
    const [events, deliveries, accountability, plan] = await Promise.all([
      this.dataSource.query(
        `SELECT id, alert_version, kind, action, from_status, to_status, tier, actor, at, reason, payload FROM alert_events WHERE alert_id = $1 ORDER BY alert_version, at, kind`,
        [alertId],
      ),
      this.dataSource.query(
        `SELECT id, event_id, recipient_id, channel, masked_target, status, attempts, last_error, created_at FROM alert_deliveries WHERE alert_id = $1 ORDER BY created_at, recipient_id`,
        [alertId],
      ),
      this.dataSource.query(`SELECT * FROM accountability_records WHERE alert_id = $1 ORDER BY detected_at`, [alertId]),
      this.dataSource.query(
        `SELECT p.id, p.template_id, p.name, p.opened_at,
                COALESCE(json_agg(json_build_object('taskId', t.task_id, 'title', t.title, 'ownerRole', t.owner_role, 'ownerRegionCode', t.owner_region_code,
                  'ownerStaffIds', t.owner_staff_ids, 'dueAt', t.due_at, 'status', t.status, 'completedAt', t.completed_at,
                  'completedBy', done.actor, 'completionNote', done.reason, 'completionEventId', done.id) ORDER BY t.due_at, t.task_id) FILTER (WHERE t.id IS NOT NULL), '[]') AS tasks
           FROM contingency_plans p LEFT JOIN contingency_tasks t ON t.plan_id = p.id
           -- Who completed the task and why: its 'complete_task' event (contingency-tasks.service.ts).
           LEFT JOIN LATERAL (SELECT e.id, e.actor, e.reason FROM alert_events e
                               WHERE e.alert_id = p.alert_id AND e.action = 'complete_task' AND e.payload->>'taskId' = t.task_id ORDER BY e.at LIMIT 1) done ON true
          WHERE p.alert_id = $1 GROUP BY p.id`,
        [alertId],
      ),
    ]);
    const evidence = await this.evidenceStatus([
      ...events.map((e: { id: string }) => e.id),
      ...deliveries.map((d: { id: string }) => d.id),
      ...accountability.map((a: { id: string }) => a.id),
    ]);
    const state = row.state as StoredAlert;
    return {
      ...summary(row),
      firm: row.firm_id
        ? {
            id: row.firm_id,
            name: row.firm_name,
            creditCode: row.credit_code,
            kind: row.firm_kind,
            licenceStatus: row.licence_status,
            regionCode: row.region_code,
          }
        : null,
      lastPeriodId: state.lastPeriodId,
      reasonLines: state.reasons,
      allowedActions: isReadOnlyRole(viewer.role)
        ? []
        : [...allowedActions(row.status as AlertStatus), ...(isTerminal(row.status as AlertStatus) ? [] : ['note'])],
      history: events.map((e: Record<string, unknown>) => ({
        id: e.id,
        version: e.alert_version,
        kind: e.kind,
        action: e.action,
        from: e.from_status,
        to: e.to_status,
        tier: e.tier,
        actor: e.actor,
        at: e.at,
        reason: e.reason,
        ...(e.kind === 'notification' || e.kind === 'plan' ? { detail: e.payload } : {}),
        evidence: evidence.get(e.id as string) ?? null,
      })),
      deliveries: deliveries.map((d: Record<string, unknown>) => ({
        id: d.id,
        eventId: d.event_id,
        recipientId: d.recipient_id,
        channel: d.channel,
        target: d.masked_target,
        status: d.status,
        attempts: d.attempts,
        lastError: d.last_error,
        at: d.created_at,
        evidence: evidence.get(d.id as string) ?? null,
      })),
      accountability: accountability.map((a: Record<string, unknown>) => ({
        ...accountabilityView(a),
        evidence: evidence.get(a.id as string) ?? null,
      })),
      contingencyPlan: plan[0]
        ? {
            id: plan[0].id,
            templateId: plan[0].template_id,
            name: plan[0].name,
            openedAt: plan[0].opened_at,
            tasks: plan[0].tasks,
          }
        : null,
      evidenceSummary: countStatuses(evidence),
    };
  }

  async accountability(viewer: AlertViewer, cursor: string | null, limit = 50): Promise<Page<Record<string, unknown>>> {
    const params: unknown[] = [];
    const where = [regionScopeSql(viewer, 'r.region_code', params)];
    const after = decodeCursor(cursor);
    if (after)
      where.push(`(r.detected_at, r.id) < ($${params.push(after.at)}::timestamptz, $${params.push(after.id)}::uuid)`);
    const rows = await this.dataSource.query(
      `SELECT r.*, a.state->>'firmName' AS firm_name FROM accountability_records r JOIN alerts a ON a.id = r.alert_id
        WHERE ${where.join(' AND ')} ORDER BY r.detected_at DESC, r.id DESC LIMIT ${limit + 1}`,
      params,
    );
    const last = rows[limit - 1];
    return {
      items: rows.slice(0, limit).map(accountabilityView),
      nextCursor: rows.length > limit ? encodeCursor(last.detected_at, last.id) : null,
    };
  }

  /**
   * queued: stored, waiting for the log; logged: in the Merkle log; anchored: covered by an anchored
   * checkpoint, on `ledger` - the alliance chain, or the embedded default's local signed log, which
   * is no chain and must not be shown as one.
   */
  private async evidenceStatus(recordIds: string[]): Promise<Map<string, EvidenceView>> {
    if (!recordIds.length) return new Map();
    const rows: Array<{
      record_kind: string;
      record_id: string;
      leaf_index: string | null;
      ledger: EvidenceLedger | null;
    }> = await this.dataSource.query(
      `SELECT l.record_kind, l.record_id, g.leaf_index,
              (SELECT a.ledger FROM evidence_anchors a WHERE a.tree_size > g.leaf_index ORDER BY a.tree_size LIMIT 1) AS ledger
         FROM evidence_leaves l LEFT JOIN evidence_log g ON g.leaf_id = l.id
        WHERE l.record_kind IN ('alert', 'alert_action', 'alert_delivery', 'accountability') AND l.record_id = ANY($1)`,
      [recordIds],
    );
    return new Map(
      rows.map((r) => {
        const index = r.leaf_index === null ? null : Number(r.leaf_index);
        const status: EvidenceStatus = index === null ? 'queued' : r.ledger !== null ? 'anchored' : 'logged';
        return [
          r.record_id,
          { kind: r.record_kind, status, leafIndex: index, ledger: status === 'anchored' ? r.ledger : null },
        ];
      }),
    );
  }
}

const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export function parseAlertFilters(query: Record<string, unknown>): { filters: AlertFilters; cursor: string | null } {
  const problems: Array<{ pointer: string; detail: string }> = [];
  // ?region=a&region=b arrives as an array: one value per parameter, or it would be silently ignored.
  for (const [key, value] of Object.entries(query))
    if (typeof value !== 'string') problems.push({ pointer: `/${key}`, detail: 'must be given once, as one value' });
  const list = (key: string) =>
    typeof query[key] === 'string' && query[key] ? (query[key] as string).split(',').map((s) => s.trim()) : undefined;
  const tiers = list('tier');
  if (tiers?.some((t) => !(ALERT_TIERS as readonly string[]).includes(t)))
    problems.push({ pointer: '/tier', detail: `must be a comma-separated list of ${ALERT_TIERS.join(', ')}` });
  let statuses = list('status');
  if (statuses?.length === 1 && statuses[0] === 'active') statuses = [...ACTIVE_STATUSES];
  if (statuses?.some((s) => !(ALERT_STATUSES as readonly string[]).includes(s)))
    problems.push({
      pointer: '/status',
      detail: `must be 'active' or a comma-separated list of ${ALERT_STATUSES.join(', ')}`,
    });
  const region = typeof query.region === 'string' ? query.region : undefined;
  if (region !== undefined && regionCodeProblem(region))
    problems.push({ pointer: '/region', detail: `region code ${regionCodeProblem(region)}` });
  const firm = typeof query.firm === 'string' ? query.firm : undefined;
  if (firm !== undefined && !CREDIT_CODE.test(firm))
    problems.push({ pointer: '/firm', detail: 'must be an 18-character unified social credit code (GB 32100)' });
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    problems.push({ pointer: '/limit', detail: 'must be a whole number from 1 to 100' });
  const cursor = typeof query.cursor === 'string' ? query.cursor : null;
  if (cursor !== null && !decodeCursor(cursor))
    problems.push({ pointer: '/cursor', detail: 'is not a cursor this API returned' });
  if (problems.length) throw new AlertRequestInvalid('the alert list query is not valid', problems);
  return {
    filters: {
      tiers: tiers as AlertTier[] | undefined,
      statuses: statuses as AlertStatus[] | undefined,
      region,
      firm,
      limit,
    },
    cursor,
  };
}

type Row = Record<string, unknown>;

function summary(r: Row): Record<string, unknown> {
  return {
    id: r.id,
    firmId: r.firm_id,
    firmName: r.firm_name,
    regionCode: r.region_code,
    cause: r.cause,
    causeLabel: describeCause(r.cause as AlertCause),
    tier: r.tier,
    tierName: TIER_INFO[r.tier as AlertTier].name,
    status: r.status,
    veto: r.veto,
    reasons: r.reasons,
    openedAt: r.opened_at,
    ackDeadline: r.deadline_at,
    escalationLevel: r.escalation_level,
    updatedAt: r.updated_at,
  };
}

function accountabilityView(a: Row): Record<string, unknown> {
  return {
    id: a.id,
    alertId: a.alert_id,
    firmId: a.firm_id,
    ...(a.firm_name ? { firmName: a.firm_name } : {}),
    regionCode: a.region_code,
    tier: a.tier,
    deadline: a.deadline_at,
    detectedAt: a.detected_at,
    lateByMs: Number(a.late_by_ms),
    escalationLevel: a.escalation_level,
    responsibleRole: a.responsible_role,
    responsibleRegionCode: a.responsible_region_code,
    responsible: a.responsible,
    escalatedTo: a.escalated_to,
  };
}

/** Counts by status, and the ledger the anchored ones are on ('local' when any is only locally signed). */
function countStatuses(
  evidence: Map<string, EvidenceView>,
): Record<EvidenceStatus, number> & { ledger: EvidenceLedger | null } {
  const counts: Record<EvidenceStatus, number> & { ledger: EvidenceLedger | null } = {
    queued: 0,
    logged: 0,
    anchored: 0,
    ledger: null,
  };
  for (const e of evidence.values()) {
    counts[e.status]++;
    if (e.ledger && counts.ledger !== 'local') counts.ledger = e.ledger;
  }
  return counts;
}

function encodeCursor(at: Date | string, id: string): string {
  return Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string | null): { at: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    return typeof at === 'string' && !Number.isNaN(Date.parse(at)) && isUuid(id) ? { at, id } : null;
  } catch {
    return null;
  }
}
