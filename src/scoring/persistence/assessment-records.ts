import type { EntityManager } from 'typeorm';
import { CanonicalText, canonicalJson, plainCanonical } from '../../evidence-chain/canonical/canonical-json';
import { recordContentHash } from '../../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { appendLeaves } from '../../evidence-chain/log/evidence-appender';
import { bulkInsert, type BulkTable } from '../../platform/database/bulk-insert';
import type { Assessment, AssessmentExplanation, FiredRule } from '../grading/composite-score';
import type { FeatureVector } from '../features/feature-vector';
import type { GradedTier, Grade } from '../grading/alert-tier';
import type { AssessmentTrigger } from '../entities/assessment.entity';
import { jsonValueAndText } from './canonical-record';
import type { FirmList } from '../entities/firm-list-entry.entity';

// Every row written here is an evidence leaf in the same transaction. The leaf's content hash is
// over the row as a plain record - numerics as the strings PostgreSQL returns (numeric(4,1):
// "35.0"), dates as ISO strings, jsonb as JSON - so anyone holding the row recomputes it.

export const SCORING_EVIDENCE_KINDS = {
  assessment: 'assessment',
  manualScore: 'manual_score',
  listEntry: 'list_entry',
  finding: 'finding',
} as const;

/** An assessments row as a plain record (what is stored, hashed and served). */
export interface AssessmentRecord {
  id: string;
  firmId: string;
  asOf: string;
  assessedAt: string;
  riskScore: string;
  ruleScore: string;
  modelScore: string | null;
  modelProbability: string | null;
  machineScore: string;
  qualityScore: string;
  grade: Grade;
  tier: GradedTier;
  scoreTier: GradedTier;
  ruleTier: GradedTier;
  rank: number;
  rankedFirms: number;
  packVersions: string[];
  modelVersion: string | null;
  explanation: AssessmentExplanation;
  features: Record<string, number | boolean | null>;
  trigger: AssessmentTrigger;
}

export interface ListEntryRecord {
  id: string;
  firmId: string;
  list: FirmList;
  listed: boolean;
  reasons: string[];
  assessmentId: string | null;
  decidedAt: string;
}

const score = (n: number): string => n.toFixed(1);

// The canonical texts of each record's explanation and features, made once in assessmentRecord and
// used twice by insertAssessments: inside the record's canonical text (the leaf hash) and as the
// jsonb text COPY sends. Kept beside the record, not in it: the record is what is hashed.
const canonicalParts = new WeakMap<AssessmentRecord, { explanation: string; features: string }>();

export function assessmentRecord(
  a: Assessment,
  features: FeatureVector,
  meta: { id: string; assessedAt: Date; rank: number; rankedFirms: number; trigger: AssessmentTrigger },
): AssessmentRecord {
  // What jsonb gives back: no undefined members, no NaN or Infinity (a plain value is not copied).
  const explanation = jsonValueAndText(a.explanation);
  const vector = jsonValueAndText(features as Record<string, number | boolean | null>);
  const record: AssessmentRecord = {
    id: meta.id,
    firmId: a.firmId,
    asOf: a.asOf,
    assessedAt: meta.assessedAt.toISOString(),
    riskScore: score(a.riskScore),
    ruleScore: score(a.ruleScore),
    modelScore: a.modelScore === null ? null : score(a.modelScore),
    modelProbability: a.explanation.model ? a.explanation.model.probability.toFixed(6) : null,
    machineScore: score(a.machineScore),
    qualityScore: score(a.qualityScore),
    grade: a.grade,
    tier: a.tier,
    scoreTier: a.scoreTier,
    ruleTier: a.ruleTier,
    rank: meta.rank,
    rankedFirms: meta.rankedFirms,
    packVersions: [...a.packs],
    modelVersion: a.modelVersion,
    explanation: explanation.value,
    features: vector.value,
    trigger: meta.trigger,
  };
  canonicalParts.set(record, { explanation: explanation.text, features: vector.text });
  return record;
}

/** The record's canonical text, and the texts of its explanation and features within it. */
export function canonicalRecord(r: AssessmentRecord): { record: string; explanation: string; features: string } {
  let parts = canonicalParts.get(r);
  if (!parts)
    parts = { explanation: jsonValueAndText(r.explanation).text, features: jsonValueAndText(r.features).text };
  const record = plainCanonical({
    ...r,
    explanation: new CanonicalText(parts.explanation),
    features: new CanonicalText(parts.features),
  });
  // Not plain at the top level (a caller's hand-made record): the reference path decides.
  return { record: record ?? canonicalJson(r), ...parts };
}

const utf8 = new TextEncoder();

const ASSESSMENTS: BulkTable = {
  name: 'assessments',
  columns: [
    { name: 'id', type: 'uuid' },
    { name: 'firm_id', type: 'uuid' },
    { name: 'as_of', type: 'date' },
    { name: 'assessed_at', type: 'timestamptz' },
    { name: 'risk_score', type: 'numeric' },
    { name: 'rule_score', type: 'numeric' },
    { name: 'model_score', type: 'numeric' },
    { name: 'model_probability', type: 'numeric' },
    { name: 'machine_score', type: 'numeric' },
    { name: 'quality_score', type: 'numeric' },
    { name: 'grade', type: 'text' },
    { name: 'tier', type: 'assessment_tier' },
    { name: 'score_tier', type: 'assessment_tier' },
    { name: 'rule_tier', type: 'assessment_tier' },
    { name: 'rank', type: 'integer' },
    { name: 'ranked_firms', type: 'integer' },
    { name: 'pack_versions', type: 'jsonb' },
    { name: 'model_version', type: 'text' },
    { name: 'explanation', type: 'jsonb' },
    { name: 'features', type: 'jsonb' },
    { name: 'trigger', type: 'text' },
    { name: 'rules_fired', type: 'jsonb' },
    { name: 'propagation', type: 'jsonb' },
  ],
};

/** The rules_fired column: what ranking, propagation, lists and signals read of other firms. */
export function firedRules(explanation: AssessmentExplanation): FiredRule[] {
  return explanation.rulesFired.map((r) => ({ ruleId: r.ruleId, tier: r.tier, veto: r.veto, title: r.title }));
}

/** Inserts assessments and their evidence leaves in the caller's transaction (bulk: COPY where it can). */
export async function insertAssessments(m: EntityManager, records: readonly AssessmentRecord[]): Promise<void> {
  if (records.length === 0) return;
  const texts = records.map(canonicalRecord);
  await bulkInsert(
    m,
    ASSESSMENTS,
    records.map((r, i) => [
      r.id,
      r.firmId,
      r.asOf,
      r.assessedAt,
      r.riskScore,
      r.ruleScore,
      r.modelScore,
      r.modelProbability,
      r.machineScore,
      r.qualityScore,
      r.grade,
      r.tier,
      r.scoreTier,
      r.ruleTier,
      r.rank,
      r.rankedFirms,
      { json: JSON.stringify(r.packVersions) },
      r.modelVersion,
      { json: texts[i].explanation },
      { json: texts[i].features },
      r.trigger,
      { json: JSON.stringify(firedRules(r.explanation)) },
      { json: JSON.stringify(r.explanation.propagation ?? []) },
    ]),
  );
  await appendLeaves(
    m,
    records.map((r, i) => ({
      kind: SCORING_EVIDENCE_KINDS.assessment,
      recordId: r.id,
      // The same bytes recordContentHash(r) hashes (RFC 8785 of the record), serialised once.
      contentHash: nodeSha256(utf8.encode(texts[i].record)),
      firmId: r.firmId,
    })),
  );
}

export async function insertListEntries(m: EntityManager, entries: readonly ListEntryRecord[]): Promise<void> {
  if (entries.length === 0) return;
  await m.query(
    `INSERT INTO firm_lists (id, firm_id, list, listed, reasons, assessment_id, decided_at)
     SELECT r."id", r."firmId", r."list", r."listed", r."reasons", r."assessmentId", r."decidedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r("id" uuid, "firmId" uuid, "list" text, "listed" boolean, "reasons" jsonb, "assessmentId" uuid, "decidedAt" timestamptz)`,
    [JSON.stringify(entries)],
  );
  await appendLeaves(
    m,
    entries.map((e) => ({
      kind: SCORING_EVIDENCE_KINDS.listEntry,
      recordId: e.id,
      contentHash: recordContentHash(e, nodeSha256),
      firmId: e.firmId,
    })),
  );
}

/** Rows of assessments read back as AssessmentRecord (to_char keeps the date a plain YYYY-MM-DD). */
export const ASSESSMENT_COLUMNS = `a.id, a.firm_id AS "firmId", to_char(a.as_of, 'YYYY-MM-DD') AS "asOf", a.assessed_at AS "assessedAt",
  a.risk_score AS "riskScore", a.rule_score AS "ruleScore", a.model_score AS "modelScore", a.model_probability AS "modelProbability",
  a.machine_score AS "machineScore", a.quality_score AS "qualityScore", a.grade, a.tier::text AS tier, a.score_tier::text AS "scoreTier",
  a.rule_tier::text AS "ruleTier", a.rank, a.ranked_firms AS "rankedFirms", a.pack_versions AS "packVersions", a.model_version AS "modelVersion",
  a.explanation, a.trigger`;
