import { INTEGRITY_ALERT_COLUMNS, LICENCE_CHANGE_COLUMNS, OVERDUE_ACCOUNTABILITY_COLUMNS, POWER_TRACE_COLUMNS, traceRowHash } from '../../../cage/persistence/power-trace-records';
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
