import type { EntityManager } from 'typeorm';
import { recordContentHash } from '../../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';

export const READ_BATCH_COLUMNS = `id, from_log_id::text AS "fromLogId", to_log_id::text AS "toLogId", rows, digest, sealed_at AS "sealedAt"`;

const LOG_COLUMNS = `id::text AS id, at, staff_id AS "staffId", username, role::text AS role, region_code AS "regionCode", method, path, firm_id AS "firmId", outcome::text AS outcome, reason`;

/** SHA-256 (hex) of the access-log rows [from, to] as one canonical record, in id order. */
export async function accessLogDigest(
  db: EntityManager,
  fromLogId: string,
  toLogId: string,
): Promise<{ digest: string; rows: number }> {
  const rows: Array<Record<string, unknown> & { at: Date }> = await db.query(
    `SELECT ${LOG_COLUMNS} FROM staff_access_log WHERE id BETWEEN $1 AND $2 ORDER BY id`,
    [fromLogId, toLogId],
  );
  const record = rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  return { digest: Buffer.from(recordContentHash(record, nodeSha256)).toString('hex'), rows: rows.length };
}
