import { recordContentHash } from '../../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';

// The columns of a trace as hashed: the writer hashes the row as INSERT ... RETURNING gives it back
// and the tamper scan re-reads it the same way, so both see the same record.
export const POWER_TRACE_COLUMNS = `id, power_id AS "powerId", power_list_version AS "powerListVersion", actor_id AS "actorId", actor_name AS "actorName",
  actor_role AS "actorRole", actor_region AS "actorRegion", approver_id AS "approverId", approver_name AS "approverName", approver_role AS "approverRole",
  target_kind AS "targetKind", target_id AS "targetId", firm_id AS "firmId", before, after, reason, method, path, exercised_at AS "exercisedAt", due_at AS "dueAt"`;

export const LICENCE_CHANGE_COLUMNS = `id, firm_id AS "firmId", from_status AS "fromStatus", to_status AS "toStatus", changed_at AS "changedAt", trace_id AS "traceId"`;

export const OVERDUE_ACCOUNTABILITY_COLUMNS = `id, subject_key AS "subjectKey", cause, alert_id AS "alertId", firm_id AS "firmId", region_code AS "regionCode",
  responsible_role AS "responsibleRole", responsible_region_code AS "responsibleRegionCode", responsible, deadline_at AS "deadlineAt", detected_at AS "detectedAt",
  late_by_ms AS "lateByMs", detail`;

export const INTEGRITY_ALERT_COLUMNS = `id, subject_key AS "subjectKey", indicator, subject_staff_ids AS "subjectStaffIds", subject_role AS "subjectRole",
  region_code AS "regionCode", firm_id AS "firmId", summary, evidence, raised_at AS "raisedAt"`;

/** A row read with one of the column lists above -> its content hash (timestamptz as ISO strings). */
export function traceRowHash(row: Record<string, unknown>): Buffer {
  const record = Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
  );
  return Buffer.from(recordContentHash(record, nodeSha256));
}
