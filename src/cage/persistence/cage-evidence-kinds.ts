import {
  INTEGRITY_ALERT_COLUMNS,
  LICENCE_CHANGE_COLUMNS,
  OVERDUE_ACCOUNTABILITY_COLUMNS,
  POWER_TRACE_COLUMNS,
  traceRowHash,
} from './power-trace-records';
import { accessLogDigest, READ_BATCH_COLUMNS } from './read-batch-records';
import { uuidsOf, type EvidenceKind, type Rehasher } from '../../evidence-chain/kinds/evidence-kind';

// The evidence kinds the data cage writes, with their re-hashers for the tamper scan.
// Power traces and licence history are hashed as INSERT ... RETURNING gave them back; read the same way here.

const powerTraceRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<Record<string, unknown> & { id: string }> = await db.query(
    `SELECT ${POWER_TRACE_COLUMNS} FROM power_traces WHERE id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  return new Map(rows.map((r) => [r.id, traceRowHash(r)]));
};

const licenceChangeRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<Record<string, unknown> & { id: string }> = await db.query(
    `SELECT ${LICENCE_CHANGE_COLUMNS} FROM licence_status_history WHERE id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  return new Map(rows.map((r) => [r.id, traceRowHash(r)]));
};

const overdueAccountabilityRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<Record<string, unknown> & { id: string }> = await db.query(
    `SELECT ${OVERDUE_ACCOUNTABILITY_COLUMNS} FROM overdue_accountability WHERE id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  return new Map(rows.map((r) => [r.id, traceRowHash(r)]));
};

const integrityAlertRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<Record<string, unknown> & { id: string }> = await db.query(
    `SELECT ${INTEGRITY_ALERT_COLUMNS} FROM integrity_alerts WHERE id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  return new Map(rows.map((r) => [r.id, traceRowHash(r)]));
};

/** A read batch is re-hashed with the digest of the access-log rows as they are now: a changed row shows. */
const readBatchRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<Record<string, unknown> & { id: string; fromLogId: string; toLogId: string }> = await db.query(
    `SELECT ${READ_BATCH_COLUMNS} FROM read_batches WHERE id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  const out = new Map<string, Buffer>();
  for (const r of rows) {
    const { digest, rows: count } = await accessLogDigest(db, r.fromLogId, r.toLogId);
    out.set(r.id, traceRowHash({ ...r, digest, rows: count }));
  }
  return out;
};

export const CAGE_EVIDENCE_KINDS: readonly EvidenceKind[] = [
  { name: 'power_exercise', rehasher: powerTraceRehasher }, // 行权留痕: one exercise of a power of the power list (power_traces)
  { name: 'licence_change', rehasher: licenceChangeRehasher }, // 许可状态变更 (licence_status_history)
  { name: 'overdue_accountability', rehasher: overdueAccountabilityRehasher }, // 问责记录 of tasks left overdue (overdue_accountability)
  { name: 'integrity_alert', rehasher: integrityAlertRehasher }, // 廉政风险预警 for the discipline inspectors (integrity_alerts)
  { name: 'read_batch', rehasher: readBatchRehasher }, // consecutive rows of the access log, sealed by digest (read_batches)
];
