import { recordContentHash } from '../../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';

// The columns of a trace as hashed: the writer hashes the row as INSERT ... RETURNING gives it back
// and the tamper scan re-reads it the same way, so both see the same record.
export const POWER_TRACE_COLUMNS = `id, power_id AS "powerId", power_list_version AS "powerListVersion", actor_id AS "actorId", actor_name AS "actorName",
  actor_role AS "actorRole", actor_region AS "actorRegion", approver_id AS "approverId", approver_name AS "approverName", approver_role AS "approverRole",
  target_kind AS "targetKind", target_id AS "targetId", firm_id AS "firmId", before, after, reason, method, path, exercised_at AS "exercisedAt", due_at AS "dueAt"`;

export const LICENCE_CHANGE_COLUMNS = `id, firm_id AS "firmId", from_status AS "fromStatus", to_status AS "toStatus", changed_at AS "changedAt", trace_id AS "traceId"`;

type Timestamps = { exercisedAt?: Date | string | null; dueAt?: Date | string | null; changedAt?: Date | string | null };

/** A row read with the columns above -> its content hash (timestamps as ISO strings). */
export function traceRowHash(row: Record<string, unknown> & Timestamps): Buffer {
  const record: Record<string, unknown> = { ...row };
  for (const key of ['exercisedAt', 'dueAt', 'changedAt'] as const) {
    if (key in record) record[key] = record[key] == null ? null : new Date(record[key] as string).toISOString();
  }
  return Buffer.from(recordContentHash(record, nodeSha256));
}
