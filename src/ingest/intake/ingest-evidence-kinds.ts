import type { EntityManager } from 'typeorm';
import { toHex } from '../../evidence-chain/canonical/byte-encoding';
import { recordContentHash } from '../../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { SubmissionEnvelope, submissionLeafHash } from '../../evidence-chain/canonical/submission-leaf';
import { uuidsOf, type EvidenceKind, type Rehasher } from '../../evidence-chain/kinds/evidence-kind';
import type { ReceiptSubmission } from '../../evidence-chain/verifier/receipt';
import { isUuid } from '../../platform/uuid';
import { RECORD_KINDS, type RecordKind } from '../schemas/records';

// The evidence kinds ingest writes, with their re-hashers for the tamper scan.

/**
 * 报送记录 and feed items: the stored payload (identity numbers already keyed-hashed), as JCS;
 * wrapped with its submission envelope (commitment, signature) when the record has one.
 */
function ingestRecordRehasher(kind: RecordKind): Rehasher {
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
const signingKeyEventRehasher: Rehasher = async (db, recordIds) => {
  const ids = recordIds.filter((id) => /^[0-9]{1,18}$/.test(id));
  const rows: Array<{ id: string; event: unknown }> = await db.query(
    `SELECT id::text, event FROM firm_signing_key_events WHERE id = ANY($1::bigint[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, Buffer.from(recordContentHash(r.event, nodeSha256))]));
};

/**
 * Documents are hashed as their raw bytes, and PostgreSQL hashes them where they lie: a contract
 * scan can be megabytes, and only 32 bytes per document need to leave the database.
 */
const documentRehasher: Rehasher = async (db, recordIds) => {
  const hex = recordIds.filter((id) => /^[0-9a-f]{64}$/.test(id));
  const rows: Array<{ id: string; actual: Buffer }> = await db.query(
    `SELECT encode(sha256, 'hex') AS id, sha256(content) AS actual FROM ingest_documents WHERE sha256 = ANY($1::bytea[])`,
    [hex.map((h) => Buffer.from(h, 'hex'))],
  );
  return new Map(rows.map((r) => [r.id, r.actual]));
};

/** A pushed record's envelope (commitment, firm signature) and the salt that opens it, for its receipt. */
async function submissionOf(db: EntityManager, id: string): Promise<ReceiptSubmission | undefined> {
  if (!isUuid(id)) return undefined;
  const [row]: Array<{ envelope: SubmissionEnvelope; salt: Buffer | null; content_hash: Buffer }> = await db.query(
    `SELECT s.envelope, s.salt, r.content_hash FROM ingest_record_submissions s JOIN ingest_records r ON r.id = s.record_id WHERE s.record_id = $1::uuid`,
    [id],
  );
  return row && { stored: toHex(row.content_hash), envelope: row.envelope, ...(row.salt && { salt: toHex(row.salt) }) };
}

export const INGEST_EVIDENCE_KINDS: readonly EvidenceKind[] = [
  // 报送记录 and government feeds (ingest_records)
  ...RECORD_KINDS.map((kind) => ({ name: kind, rehasher: ingestRecordRehasher(kind), submissionOf })),
  { name: 'document', rehasher: documentRehasher, canonicalization: 'raw' }, // contract PDFs and images, raw bytes (ingest_documents)
  { name: 'signing_key', rehasher: signingKeyEventRehasher }, // firms' signing key registrations and revocations (firm_signing_key_events)
];
