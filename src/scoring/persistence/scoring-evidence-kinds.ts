import { createHash } from 'node:crypto';
import { recordContentHash } from '../../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { iso, uuidsOf, type EvidenceKind, type Rehasher } from '../../evidence-chain/kinds/evidence-kind';
import { ASSESSMENT_COLUMNS, SCORING_EVIDENCE_KINDS } from './assessment-records';
import { FINDING_COLUMNS } from './finding-records';

// The evidence kinds scoring writes, with their re-hashers for the tamper scan. The scoring writers hash each row as a plain record: numerics as the strings PostgreSQL returns,
// dates as YYYY-MM-DD, timestamps as ISO strings, jsonb as JSON. Reading the row back the same way
// gives the same record.

const hashed = (id: string, record: unknown): [string, Buffer] => [
  id,
  Buffer.from(recordContentHash(record, nodeSha256)),
];

const assessmentRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<{ id: string; assessedAt: Date }> = await db.query(
    `SELECT ${ASSESSMENT_COLUMNS}, a.features FROM assessments a WHERE a.id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  return new Map(rows.map((r) => hashed(r.id, { ...r, assessedAt: iso(r.assessedAt) })));
};

const listEntryRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<{ id: string; decidedAt: Date }> = await db.query(
    `SELECT id, firm_id AS "firmId", list, listed, reasons, assessment_id AS "assessmentId", decided_at AS "decidedAt" FROM firm_lists WHERE id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  return new Map(rows.map((r) => hashed(r.id, { ...r, decidedAt: iso(r.decidedAt) })));
};

const manualScoreRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<{ id: string; createdAt: Date }> = await db.query(
    `SELECT id, firm_id AS "firmId", mode, value, reason, author_staff_id AS "authorStaffId", author_name AS "authorName",
            to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo", revokes, created_at AS "createdAt"
       FROM manual_scores WHERE id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  return new Map(rows.map((r) => hashed(r.id, { ...r, createdAt: iso(r.createdAt) })));
};

const findingRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<{ id: string; createdAt: Date }> = await db.query(
    `SELECT ${FINDING_COLUMNS} FROM supervision_findings WHERE id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  return new Map(rows.map((r) => hashed(r.id, { ...r, createdAt: iso(r.createdAt) })));
};

/** A pack version's leaf covers the hash of its YAML: re-hashed from the text, not read from content_hash. */
const rulePackRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<{
    ref: string;
    pack: string;
    version: number;
    yaml: string;
    uploadedBy: string;
    uploadedAt: Date;
  }> = await db.query(
    `SELECT pack || '@' || version AS ref, pack, version, yaml, uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"
       FROM rule_pack_versions WHERE pack || '@' || version = ANY($1::text[])`,
    [recordIds],
  );
  return new Map(
    rows.map((r) =>
      hashed(r.ref, {
        pack: r.pack,
        version: r.version,
        contentHash: createHash('sha256').update(r.yaml, 'utf8').digest('hex'),
        uploadedBy: r.uploadedBy,
        uploadedAt: iso(r.uploadedAt),
      }),
    ),
  );
};

const rulePackActivationRehasher: Rehasher = async (db, recordIds) => {
  const rows: Array<{ id: string; activatedAt: Date }> = await db.query(
    `SELECT id, pack, version, activated_by AS "activatedBy", activated_at AS "activatedAt" FROM rule_pack_activations WHERE id = ANY($1::uuid[])`,
    [uuidsOf(recordIds)],
  );
  return new Map(rows.map((r) => hashed(r.id, { ...r, activatedAt: iso(r.activatedAt) })));
};

export const SCORING_LEAF_KINDS: readonly EvidenceKind[] = [
  { name: SCORING_EVIDENCE_KINDS.assessment, rehasher: assessmentRehasher }, // 风险评估 (assessments)
  { name: SCORING_EVIDENCE_KINDS.listEntry, rehasher: listEntryRehasher }, // 重点关注/黑名单 decisions (firm_lists)
  { name: SCORING_EVIDENCE_KINDS.manualScore, rehasher: manualScoreRehasher }, // 人工评分 (manual_scores)
  { name: SCORING_EVIDENCE_KINDS.finding, rehasher: findingRehasher }, // 查实事项 and their closures (supervision_findings)
  { name: 'rule_pack', rehasher: rulePackRehasher }, // uploaded rule pack versions (rule_pack_versions)
  { name: 'rule_pack_activation', rehasher: rulePackActivationRehasher }, // (rule_pack_activations)
];
