import { INTEGRITY_ALERT_COLUMNS, LICENCE_CHANGE_COLUMNS, OVERDUE_ACCOUNTABILITY_COLUMNS, POWER_TRACE_COLUMNS, traceRowHash } from '../../../cage/persistence/power-trace-records';
import { accessLogDigest, READ_BATCH_COLUMNS } from '../../../cage/persistence/read-batch-records';
import { Rehasher, uuidsOf } from './rehasher';

// Power traces and licence history are hashed as INSERT ... RETURNING gave them back; read the same way here.

export const powerTraceRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<Record<string, unknown> & { id: string }> = await db.query(`SELECT ${POWER_TRACE_COLUMNS} FROM power_traces WHERE id = ANY($1::uuid[])`, [uuidsOf(recordIds)]);
  return new Map(rows.map((r) => [r.id, traceRowHash(r)]));
};

export const licenceChangeRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<Record<string, unknown> & { id: string }> = await db.query(`SELECT ${LICENCE_CHANGE_COLUMNS} FROM licence_status_history WHERE id = ANY($1::uuid[])`, [uuidsOf(recordIds)]);
  return new Map(rows.map((r) => [r.id, traceRowHash(r)]));
};

export const overdueAccountabilityRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<Record<string, unknown> & { id: string }> = await db.query(`SELECT ${OVERDUE_ACCOUNTABILITY_COLUMNS} FROM overdue_accountability WHERE id = ANY($1::uuid[])`, [uuidsOf(recordIds)]);
  return new Map(rows.map((r) => [r.id, traceRowHash(r)]));
};

export const integrityAlertRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<Record<string, unknown> & { id: string }> = await db.query(`SELECT ${INTEGRITY_ALERT_COLUMNS} FROM integrity_alerts WHERE id = ANY($1::uuid[])`, [uuidsOf(recordIds)]);
  return new Map(rows.map((r) => [r.id, traceRowHash(r)]));
};

/** A read batch is re-hashed with the digest of the access-log rows as they are now: a changed row shows. */
export const readBatchRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<Record<string, unknown> & { id: string; fromLogId: string; toLogId: string }> = await db.query(`SELECT ${READ_BATCH_COLUMNS} FROM read_batches WHERE id = ANY($1::uuid[])`, [uuidsOf(recordIds)]);
  const out = new Map<string, Buffer>();
  for (const r of rows) {
    const { digest, rows: count } = await accessLogDigest(db, r.fromLogId, r.toLogId);
    out.set(r.id, traceRowHash({ ...r, digest, rows: count }));
  }
  return out;
};
