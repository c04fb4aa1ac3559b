import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How many leaves there are, how many the log has sequenced, and how many an anchor covers. */
export interface LeafCounts {
  leaves: number;
  logged: number;
  anchored: number;
}

export interface AnchorSummary {
  ledger: string;
  chainId: string;
  height: string;
  treeSize: string;
  anchoredAt: Date;
}

/** Read side of the evidence log for other modules' views (the firm profile, the monthly report). */
@Injectable()
export class EvidenceQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** A firm's leaves, and how many of them are in the log. */
  async firmLeafCounts(firmId: string): Promise<{ leaves: number; inLog: number }> {
    const [row]: Array<{ leaves: number; inLog: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS leaves, count(g.leaf_index)::int AS "inLog"
         FROM evidence_leaves l LEFT JOIN evidence_log g ON g.leaf_id = l.id WHERE l.firm_id = $1`,
      [firmId],
    );
    return row;
  }

  /** Leaves written in [start, end) for firms whose region_code is LIKE `regionPattern`. */
  async regionLeafCounts(regionPattern: string, start: Date, end: Date): Promise<LeafCounts> {
    const [counts]: LeafCounts[] = await this.dataSource.query(
      `WITH anchored AS (SELECT coalesce(max(tree_size), 0) AS size FROM evidence_anchors)
       SELECT count(*)::int AS leaves, count(g.leaf_index)::int AS logged,
              count(*) FILTER (WHERE g.leaf_index < (SELECT size FROM anchored))::int AS anchored
         FROM evidence_leaves l JOIN firms f ON f.id = l.firm_id LEFT JOIN evidence_log g ON g.leaf_id = l.id
        WHERE f.region_code LIKE $1 AND l.created_at >= $2 AND l.created_at < $3`,
      [regionPattern, start, end],
    );
    return counts;
  }

  /** The newest anchor made before `end`, or null. */
  async latestAnchorBefore(end: Date): Promise<AnchorSummary | null> {
    const [anchor]: AnchorSummary[] = await this.dataSource.query(
      `SELECT ledger, chain_id AS "chainId", height::text AS height, tree_size::text AS "treeSize", anchored_at AS "anchoredAt"
         FROM evidence_anchors WHERE anchored_at < $1 ORDER BY tree_size DESC LIMIT 1`,
      [end],
    );
    return anchor ?? null;
  }
}
