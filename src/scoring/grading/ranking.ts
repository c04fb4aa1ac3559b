import { tierRank } from './alert-tier';
import type { Assessment } from './composite-score';

export interface RankedFirm {
  firmId: string;
  /** 综合排名: 1 = the riskiest firm. */
  rank: number;
  /** Share of firms ranked at or below this one, 0..1 (1 for the riskiest). */
  percentile: number;
  riskScore: number;
  tier: Assessment['tier'];
  grade: Assessment['grade'];
}

/**
 * 综合排名 across all firms: by tier first (a red firm outranks any non-red one, since the tier
 * carries triggers the score may not show), then risk score, then firm id for a stable order.
 * Equal tier and score share a rank (competition ranking 1, 2, 2, 4).
 */
export function rankFirms(
  assessments: ReadonlyArray<Pick<Assessment, 'firmId' | 'tier' | 'riskScore' | 'grade'>>,
): RankedFirm[] {
  const sorted = [...assessments].sort(
    (a, b) =>
      tierRank(b.tier) - tierRank(a.tier) ||
      b.riskScore - a.riskScore ||
      (a.firmId < b.firmId ? -1 : a.firmId > b.firmId ? 1 : 0),
  );
  const n = sorted.length;
  const out: RankedFirm[] = [];
  sorted.forEach((a, i) => {
    const prev = out[i - 1];
    const tied = prev !== undefined && prev.tier === a.tier && prev.riskScore === a.riskScore;
    const rank = tied ? prev.rank : i + 1;
    out.push({
      firmId: a.firmId,
      rank,
      percentile: n === 0 ? 0 : (n - rank + 1) / n,
      riskScore: a.riskScore,
      tier: a.tier,
      grade: a.grade,
    });
  });
  return out;
}

/**
 * The ranks rankFirms gives `targets` (members of `assessments`), without sorting every firm: 1 + the
 * firms strictly ahead (a higher tier, or the same tier and a higher score). For an incremental
 * re-score of a few firms among thousands, one pass instead of a sort.
 */
export function ranksOf(
  assessments: Iterable<Pick<Assessment, 'firmId' | 'tier' | 'riskScore'>>,
  members: ReadonlyArray<Pick<Assessment, 'firmId' | 'tier' | 'riskScore'>>,
): Map<string, number> {
  const targets = members.map((a) => ({ id: a.firmId, tier: tierRank(a.tier), score: a.riskScore, ahead: 0 }));
  for (const a of assessments) {
    const tier = tierRank(a.tier);
    for (const t of targets) if (tier > t.tier || (tier === t.tier && a.riskScore > t.score)) t.ahead += 1;
  }
  return new Map(targets.map((t) => [t.id, t.ahead + 1]));
}
