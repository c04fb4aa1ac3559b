import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeCause, type AlertCause } from './domain/alert-cause';
import { TIER_INFO, type AlertTier } from '../scoring/grading/alert-tier';
import { ACTIVE_STATUSES_SQL, TERMINAL_STATUSES_SQL } from './persistence/status-sql';

const MAX_OPEN_ALERTS = 50;

export interface OpenAlertView {
  id: string;
  tier: AlertTier;
  tierName: string;
  status: string;
  causeLabel: string;
  veto: boolean;
  reasons: unknown;
  openedAt: string;
  ackDeadline: string;
  escalationLevel: number;
}

/** Alerts of one tier in a month (监管月报): opened in it, of those resolved, and still open now. */
export interface MonthlyTierCounts {
  tier: string;
  opened: number;
  openNow: number;
  resolved: number;
}

/** Read side of alerts for other modules' views: a firm's open alerts, the monthly report's counts. */
@Injectable()
export class AlertReports {
  constructor(private readonly dataSource: DataSource) {}

  /** A firm's alerts still being handled (open, acknowledged, in progress), most severe first. */
  async openOfFirm(firmId: string): Promise<OpenAlertView[]> {
    const rows: Array<{
      id: string;
      tier: AlertTier;
      status: string;
      veto: boolean;
      reasons: unknown;
      cause: AlertCause;
      opened_at: Date;
      deadline_at: Date;
      escalation_level: number;
    }> = await this.dataSource.query(
      `SELECT a.id, a.tier::text AS tier, a.status::text AS status, a.veto, a.reasons, a.state -> 'cause' AS cause, a.opened_at, a.deadline_at, a.escalation_level
         FROM alerts a WHERE a.firm_id = $1 AND a.status IN ${ACTIVE_STATUSES_SQL}
        ORDER BY a.tier DESC, a.opened_at DESC LIMIT $2`,
      [firmId, MAX_OPEN_ALERTS],
    );
    return rows.map((r) => ({
      id: r.id,
      tier: r.tier,
      tierName: TIER_INFO[r.tier].name,
      status: r.status,
      causeLabel: describeCause(r.cause),
      veto: r.veto,
      reasons: r.reasons,
      openedAt: new Date(r.opened_at).toISOString(),
      ackDeadline: new Date(r.deadline_at).toISOString(),
      escalationLevel: r.escalation_level,
    }));
  }

  /** Alerts of the firms whose region_code is LIKE `regionPattern`, opened before `end`, by tier. */
  async monthlyByTier(regionPattern: string, start: Date, end: Date): Promise<MonthlyTierCounts[]> {
    return this.dataSource.query(
      `SELECT tier::text AS tier,
              count(*) FILTER (WHERE opened_at >= $2 AND opened_at < $3)::int AS opened,
              count(*) FILTER (WHERE status IN ${ACTIVE_STATUSES_SQL})::int AS "openNow",
              count(*) FILTER (WHERE opened_at >= $2 AND opened_at < $3 AND status IN ${TERMINAL_STATUSES_SQL})::int AS resolved
         FROM alerts WHERE region_code LIKE $1 AND opened_at < $3 GROUP BY tier`,
      [regionPattern, start, end],
    );
  }
}
