import { open, stat } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { firmReferences, parseAuditLine, type AuditedRead } from './pgaudit-line';

// One import reads at most this much of the log; the rest waits for the next run.
const MAX_BYTES = 8 * 1024 * 1024;

export interface ImportResult {
  /** Bytes of whole lines consumed, and the dashboard reads among them written to the access log. */
  bytes: number;
  reads: number;
  /** The log file was replaced or truncated (rotation) since the last import: read from its start. */
  restarted: boolean;
}

/**
 * Turns the dashboard role's pgaudit lines appended to `logPath` since the last import into access-log
 * rows (the read traces that read batches seal): who (the role, and the Grafana user when the query or
 * connection names one), when, which relation, and the firm when the statement names exactly one. The
 * offset moves in the same transaction, so running it again writes nothing twice. A missing file imports nothing.
 */
export async function importDashboardReads(
  dataSource: DataSource,
  logPath: string,
  role: string,
  now: Date = new Date(),
): Promise<ImportResult> {
  return dataSource.transaction(async (m) => {
    const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('cage_pgaudit_import')) AS locked`);
    if (!locked) return { bytes: 0, reads: 0, restarted: false };
    const info = await stat(logPath).catch(() => null);
    if (!info) return { bytes: 0, reads: 0, restarted: false };
    const fileId = `${info.dev}:${info.ino}`;
    const [last]: Array<{ fileId: string; offset: string }> = await m.query(
      `SELECT file_id AS "fileId", "offset"::text AS "offset" FROM pgaudit_import_offsets WHERE log_path = $1 FOR UPDATE`,
      [logPath],
    );
    const restarted = !!last && (last.fileId !== fileId || Number(last.offset) > info.size);
    const start = last && !restarted ? Number(last.offset) : 0;
    const { text, bytes } = await wholeLines(logPath, start, Math.min(info.size - start, MAX_BYTES));
    // One cluster's log holds every database's lines: only this database's reads are its traces.
    const [{ database }] = await m.query(`SELECT current_database() AS database`);
    const reads = text
      .split('\n')
      .flatMap((line) => parseAuditLine(line, role) ?? [])
      .filter((r) => r.database === database);
    await insertReads(m as unknown as DataSource, reads);
    await m.query(
      `INSERT INTO pgaudit_import_offsets (log_path, file_id, "offset", reads, imported_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (log_path) DO UPDATE SET file_id = EXCLUDED.file_id, "offset" = EXCLUDED."offset", reads = pgaudit_import_offsets.reads + EXCLUDED.reads, imported_at = EXCLUDED.imported_at`,
      [logPath, fileId, start + bytes, reads.length, now],
    );
    return { bytes, reads: reads.length, restarted };
  });
}

/** The whole lines in [start, start + length) and their byte count; a single line longer than the window is skipped. */
async function wholeLines(path: string, start: number, length: number): Promise<{ text: string; bytes: number }> {
  if (length <= 0) return { text: '', bytes: 0 };
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, start);
    const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
    if (end === 0) return { text: '', bytes: bytesRead === MAX_BYTES ? bytesRead : 0 };
    return { text: buffer.subarray(0, end).toString('utf8'), bytes: end };
  } finally {
    await file.close();
  }
}

async function insertReads(db: Pick<DataSource, 'query'>, reads: AuditedRead[]): Promise<void> {
  if (!reads.length) return;
  const named = reads.map((r) => firmReferences(r.statement));
  const rows: Array<{ id: string; creditCode: string }> = await db.query(
    `SELECT id::text AS id, credit_code AS "creditCode" FROM firms WHERE id::text = ANY($1::text[]) OR credit_code = ANY($2::text[])`,
    [[...new Set(named.flatMap((n) => n.ids))], [...new Set(named.flatMap((n) => n.creditCodes))]],
  );
  const byRef = new Map(rows.flatMap((r) => [[r.id, r.id] as const, [r.creditCode, r.id] as const]));
  const firmOf = (i: number): string | null => {
    const firms = new Set([...named[i].ids, ...named[i].creditCodes].flatMap((ref) => byRef.get(ref) ?? []));
    return firms.size === 1 ? [...firms][0] : null;
  };
  await db.query(
    `INSERT INTO staff_access_log (at, staff_id, username, role, region_code, method, path, firm_id, outcome, reason)
     SELECT at, NULL, username, NULL, NULL, method, path, firm_id, 'allowed', 'dashboard_read'
       FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::uuid[]) AS r(at, username, method, path, firm_id)`,
    [
      reads.map((r) => r.at),
      reads.map((r) => (r.grafanaUser ? `${r.user}/${r.grafanaUser}` : r.user)),
      reads.map((r) => r.command),
      reads.map((r) => `pgaudit:${r.database}/${r.objectName ?? '-'}#${r.statementId}.${r.substatementId}`),
      reads.map((_, i) => firmOf(i)),
    ],
  );
}
