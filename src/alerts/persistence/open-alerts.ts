import type { EntityManager } from 'typeorm';
import type { AlertReason } from '../domain/assessment-signal';
import type { StoredAlert } from './alert-json';
import { ACTIVE_STATUSES_SQL } from './status-sql';

/** What the policy needs of a firm's open alert for one cause. */
export interface OpenAlertRow {
  version: number;
  last_assessment_id: string | null;
  state: StoredAlert;
  reasons: AlertReason[];
}

/** Identifies the one non-terminal alert of a firm (null: bureau-wide) and cause. */
export function openAlertKey(firmId: string | null, causeKey: string): string {
  return `${firmId ?? 'bureau'}/${causeKey}`;
}

/**
 * Locks (FOR UPDATE) the non-terminal alerts of these firms and causes in one query, so a
 * concurrent signal or official waits for this transaction; keyed by openAlertKey.
 */
export async function lockOpenAlerts(
  m: EntityManager,
  keys: ReadonlyArray<{ firmId: string | null; causeKey: string }>,
): Promise<Map<string, OpenAlertRow>> {
  const firms = keys.filter((k) => k.firmId !== null);
  const bureau = keys.filter((k) => k.firmId === null).map((k) => k.causeKey);
  // Row comparison with the pairs lets PostgreSQL use the (firm_id, cause_key) partial unique index.
  const rows: Array<OpenAlertRow & { firm_id: string | null; cause_key: string }> = await m.query(
    `SELECT firm_id, cause_key, version, last_assessment_id, state, reasons FROM alerts
      WHERE status IN ${ACTIVE_STATUSES_SQL}
        AND ((firm_id, cause_key) IN (SELECT * FROM unnest($1::uuid[], $2::text[])) OR (firm_id IS NULL AND cause_key = ANY($3::text[])))
      FOR UPDATE`,
    [firms.map((k) => k.firmId), firms.map((k) => k.causeKey), bureau],
  );
  return new Map(rows.map((r) => [openAlertKey(r.firm_id, r.cause_key), r]));
}
