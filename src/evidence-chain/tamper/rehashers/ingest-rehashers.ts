import { recordContentHash } from '../../canonical/content-hash';
import { nodeSha256 } from '../../canonical/sha256-node';
import { SubmissionEnvelope, submissionLeafHash } from '../../canonical/submission-leaf';
import type { RecordKind } from '../../../ingest/schemas/records';
import { Rehasher, uuidsOf } from './rehasher';

/**
 * 报送记录 and feed items: the stored payload (identity numbers already keyed-hashed), as JCS;
 * wrapped with its submission envelope (commitment, signature) when the record has one.
 */
export function ingestRecordRehasher(kind: RecordKind): Rehasher {
  return async (db, recordIds) => {
    const rows: Array<{ id: string; payload: unknown; envelope: SubmissionEnvelope | null }> = await db.query(
      `SELECT r.id::text, r.payload, s.envelope FROM ingest_records r LEFT JOIN ingest_record_submissions s ON s.record_id = r.id
        WHERE r.kind = $1 AND r.id = ANY($2::uuid[])`,
      [kind, uuidsOf(recordIds)],
    );
    return new Map(
      rows.map((r) => {
        const stored = recordContentHash(r.payload, nodeSha256);
        return [r.id, Buffer.from(r.envelope ? submissionLeafHash(stored, r.envelope, nodeSha256) : stored)];
      }),
    );
  };
}

/** A firm signing key's registration or revocation: the event as stored, as JCS. */
export const signingKeyEventRehasher: Rehasher = async (db, recordIds) => {
  const ids = recordIds.filter((id) => /^[0-9]{1,18}$/.test(id));
  const rows: Array<{ id: string; event: unknown }> = await db.query(`SELECT id::text, event FROM firm_signing_key_events WHERE id = ANY($1::bigint[])`, [ids]);
  return new Map(rows.map((r) => [r.id, Buffer.from(recordContentHash(r.event, nodeSha256))]));
};

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
