import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Firms by the tier of their latest assessment, with their average risk score (监管月报). */
export interface TierSummary {
  tier: string;
  firms: number;
  /** Mean risk_score of those assessments, one decimal; null when there are none. */
  averageScore: string | null;
}

/** Read side of scoring for the monthly report. */
@Injectable()
export class ScoringReports {
  constructor(private readonly dataSource: DataSource) {}

  /** The latest assessment before `end` of each firm whose region_code is LIKE `regionPattern`, by tier. */
  async latestByTier(regionPattern: string, end: Date): Promise<TierSummary[]> {
    return this.dataSource.query(
      `SELECT latest.tier, count(*)::int AS firms, round(avg(latest.risk_score), 1)::text AS "averageScore"
         FROM (SELECT DISTINCT ON (a.firm_id) a.firm_id, a.tier::text AS tier, a.risk_score
                 FROM assessments a JOIN firms f ON f.id = a.firm_id
                WHERE f.region_code LIKE $1 AND a.assessed_at < $2
                ORDER BY a.firm_id, a.assessed_at DESC) latest
        GROUP BY latest.tier ORDER BY latest.tier`,
      [regionPattern, end],
    );
  }
}
