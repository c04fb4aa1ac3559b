import { recordContentHash } from '../../canonical/content-hash';
import { nodeSha256 } from '../../canonical/sha256-node';
import type { RecordKind } from '../../../ingest/schemas/records';
import { Rehasher, uuidsOf } from './rehasher';

/** 报送记录 and feed items: the stored payload (identity numbers already keyed-hashed), as JCS. */
export function ingestRecordRehasher(kind: RecordKind): Rehasher {
  return async (db, recordIds) => {
    const rows: Array<{ id: string; payload: unknown }> = await db.query(`SELECT id::text, payload FROM ingest_records WHERE kind = $1 AND id = ANY($2::uuid[])`, [kind, uuidsOf(recordIds)]);
    return new Map(rows.map((r) => [r.id, Buffer.from(recordContentHash(r.payload, nodeSha256))]));
  };
}

/**
 * Documents are hashed as their raw bytes, and PostgreSQL hashes them where they lie: a contract
 * scan can be megabytes, and only 32 bytes per document need to leave the database.
 */
export const documentRehasher: Rehasher = async (db, recordIds) => {
  const hex = recordIds.filter((id) => /^[0-9a-f]{64}$/.test(id));
  const rows: Array<{ id: string; actual: Buffer }> = await db.query(
    `SELECT encode(sha256, 'hex') AS id, sha256(content) AS actual FROM ingest_documents WHERE sha256 = ANY($1::bytea[])`,
    [hex.map((h) => Buffer.from(h, 'hex'))],
  );
  return new Map(rows.map((r) => [r.id, r.actual]));
};
