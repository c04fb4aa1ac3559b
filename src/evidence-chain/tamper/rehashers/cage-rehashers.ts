import { LICENCE_CHANGE_COLUMNS, POWER_TRACE_COLUMNS, traceRowHash } from '../../../cage/persistence/power-trace-records';
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
