import type { EntityManager } from 'typeorm';
import type { GradedTier, Grade } from '../grading/alert-tier';
import type { FiredRule, PropagationFlag } from '../grading/composite-score';
import type { ManualScore } from '../grading/manual-score';
import type { ListedAssessment } from '../grading/watch-lists';
import type { FirmList } from '../entities/firm-list-entry.entity';

// The reads a re-score needs besides the histories, each one query for all firms concerned.

/** What the ranking, propagation and alert signals need of a firm's latest stored assessment. */
export interface LatestAssessment {
  firmId: string;
  asOf: string;
  tier: GradedTier;
  riskScore: number;
  grade: Grade;
  rulesFired: FiredRule[];
  propagation: PropagationFlag[];
}

/** The latest assessment of every firm (or of the given ones), by an index scan per firm; the compact columns, not the explanation. */
export async function latestAssessments(
  m: EntityManager,
  firmIds?: readonly string[],
): Promise<Map<string, LatestAssessment>> {
  const rows: Array<{
    firm_id: string;
    as_of: string;
    tier: GradedTier;
    risk_score: string;
    grade: Grade;
    rules: FiredRule[];
    propagation: PropagationFlag[] | null;
  }> = await m.query(
    `SELECT f.id AS firm_id, l.as_of, l.tier, l.risk_score, l.grade, l.rules, l.propagation
       FROM firms f
       CROSS JOIN LATERAL (SELECT to_char(a.as_of, 'YYYY-MM-DD') AS as_of, a.tier::text AS tier, a.risk_score, a.grade,
                                  a.rules_fired AS rules, a.propagation
                             FROM assessments a WHERE a.firm_id = f.id ORDER BY a.as_of DESC, a.assessed_at DESC LIMIT 1) l
      ${firmIds ? 'WHERE f.id = ANY($1::uuid[])' : ''}`,
    firmIds ? [firmIds] : [],
  );
  return new Map(
    rows.map((r) => [
      r.firm_id,
      {
        firmId: r.firm_id,
        asOf: r.as_of,
        tier: r.tier,
        riskScore: Number(r.risk_score),
        grade: r.grade,
        rulesFired: r.rules ?? [],
        propagation: r.propagation ?? [],
      },
    ]),
  );
}

/** The last `n` stored assessments of each firm, oldest first (for the white and black lists). */
export async function recentAssessments(
  m: EntityManager,
  firmIds: readonly string[],
  n: number,
): Promise<Map<string, ListedAssessment[]>> {
  const rows: Array<{ firm_id: string; as_of: string; tier: GradedTier; grade: Grade; rules: FiredRule[] }> =
    await m.query(
      `SELECT f.id AS firm_id, l.as_of, l.tier, l.grade, l.rules
       FROM unnest($1::uuid[]) AS f(id)
       CROSS JOIN LATERAL (SELECT to_char(a.as_of, 'YYYY-MM-DD') AS as_of, a.tier::text AS tier, a.grade, a.rules_fired AS rules, a.assessed_at
                             FROM assessments a WHERE a.firm_id = f.id ORDER BY a.as_of DESC, a.assessed_at DESC LIMIT $2) l
      ORDER BY f.id, l.as_of, l.assessed_at`,
      [firmIds, n],
    );
  const out = new Map<string, ListedAssessment[]>();
  for (const r of rows) {
    const list = out.get(r.firm_id) ?? [];
    list.push({ asOf: r.as_of, tier: r.tier, grade: r.grade, explanation: { rulesFired: r.rules ?? [] } });
    out.set(r.firm_id, list);
  }
  return out;
}

/** Whether each firm is on each list now (its latest decision). */
export async function listStandings(m: EntityManager, firmIds: readonly string[]): Promise<Map<string, boolean>> {
  const rows: Array<{ firm_id: string; list: FirmList; listed: boolean }> = await m.query(
    `SELECT DISTINCT ON (firm_id, list) firm_id, list, listed FROM firm_lists WHERE firm_id = ANY($1::uuid[]) ORDER BY firm_id, list, decided_at DESC, id`,
    [firmIds],
  );
  return new Map(rows.map((r) => [`${r.firm_id}|${r.list}`, r.listed]));
}

/** Manual scores in force (not revoked) of the firms, as the grading reads them. */
export async function manualScoresOf(
  m: EntityManager,
  firmIds: readonly string[],
): Promise<Map<string, ManualScore[]>> {
  const rows: Array<{
    id: string;
    firm_id: string;
    mode: 'adjust' | 'set';
    value: string;
    reason: string;
    author_name: string;
    author_staff_id: string;
    valid_from: string;
    valid_to: string | null;
  }> = await m.query(
    `SELECT s.id, s.firm_id, s.mode, s.value, s.reason, s.author_name, s.author_staff_id, to_char(s.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(s.valid_to, 'YYYY-MM-DD') AS valid_to
       FROM manual_scores s
      WHERE s.firm_id = ANY($1::uuid[]) AND s.revokes IS NULL
        AND NOT EXISTS (SELECT 1 FROM manual_scores r WHERE r.revokes = s.id)
      ORDER BY s.created_at, s.id`,
    [firmIds],
  );
  const out = new Map<string, ManualScore[]>();
  for (const r of rows) {
    const score: ManualScore = {
      id: r.id,
      mode: r.mode,
      value: Number(r.value),
      reason: r.reason,
      author: `${r.author_name} (${r.author_staff_id})`,
      validFrom: r.valid_from,
      ...(r.valid_to ? { validTo: r.valid_to } : {}),
    };
    out.set(r.firm_id, [...(out.get(r.firm_id) ?? []), score]);
  }
  return out;
}
