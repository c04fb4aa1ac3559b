import { createHash } from 'node:crypto';
import { recordContentHash } from '../../canonical/content-hash';
import { nodeSha256 } from '../../canonical/sha256-node';
import { ASSESSMENT_COLUMNS } from '../../../scoring/persistence/assessment-records';
import { FINDING_COLUMNS } from '../../../scoring/persistence/finding-records';
import { iso, Rehasher, uuidsOf } from './rehasher';

// The scoring writers hash each row as a plain record: numerics as the strings PostgreSQL returns,
// dates as YYYY-MM-DD, timestamps as ISO strings, jsonb as JSON. Reading the row back the same way
// gives the same record.

const hashed = (id: string, record: unknown): [string, Buffer] => [id, Buffer.from(recordContentHash(record, nodeSha256))];

export const assessmentRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<{ id: string; assessedAt: Date }> = await db.query(`SELECT ${ASSESSMENT_COLUMNS}, a.features FROM assessments a WHERE a.id = ANY($1::uuid[])`, [uuidsOf(recordIds)]);
  return new Map(rows.map((r) => hashed(r.id, { ...r, assessedAt: iso(r.assessedAt) })));
};

export const listEntryRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<{ id: string; decidedAt: Date }> = await db.query(
    `SELECT id, firm_id AS "firmId", list, listed, reasons, assessment_id AS "assessmentId", decided_at AS "decidedAt" FROM firm_lists WHERE id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  return new Map(rows.map((r) => hashed(r.id, { ...r, decidedAt: iso(r.decidedAt) })));
};

export const manualScoreRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<{ id: string; createdAt: Date }> = await db.query(
    `SELECT id, firm_id AS "firmId", mode, value, reason, author_staff_id AS "authorStaffId", author_name AS "authorName",
            to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo", revokes, created_at AS "createdAt"
       FROM manual_scores WHERE id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  return new Map(rows.map((r) => hashed(r.id, { ...r, createdAt: iso(r.createdAt) })));
};

export const findingRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<{ id: string; createdAt: Date }> = await db.query(`SELECT ${FINDING_COLUMNS} FROM supervision_findings WHERE id = ANY($1::uuid[])`, [uuidsOf(recordIds)]);
  return new Map(rows.map((r) => hashed(r.id, { ...r, createdAt: iso(r.createdAt) })));
};

/** A pack version's leaf covers the hash of its YAML: re-hashed from the text, not read from content_hash. */
export const rulePackRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<{ ref: string; pack: string; version: number; yaml: string; uploadedBy: string; uploadedAt: Date }> = await db.query(
    `SELECT pack || '@' || version AS ref, pack, version, yaml, uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"
       FROM rule_pack_versions WHERE pack || '@' || version = ANY($1::text[])`,
    [recordIds],
  );
  return new Map(
    rows.map((r) => hashed(r.ref, { pack: r.pack, version: r.version, contentHash: createHash('sha256').update(r.yaml, 'utf8').digest('hex'), uploadedBy: r.uploadedBy, uploadedAt: iso(r.uploadedAt) })),
  );
};

export const rulePackActivationRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<{ id: string; activatedAt: Date }> = await db.query(
    `SELECT id, pack, version, activated_by AS "activatedBy", activated_at AS "activatedAt" FROM rule_pack_activations WHERE id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  return new Map(rows.map((r) => hashed(r.id, { ...r, activatedAt: iso(r.activatedAt) })));
};
