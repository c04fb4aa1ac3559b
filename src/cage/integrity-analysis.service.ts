import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CageClock } from './cage-clock';
import {
  DISCRETIONARY_POWERS,
  favourable,
  indicatorsOf,
  type IndicatorInput,
  type OfficialIndicators,
} from './indicators/integrity-indicators';
import {
  bundledIntegrityThresholds,
  evaluateThresholds,
  type IndicatorFiring,
} from './indicators/integrity-thresholds';
import { appendIntegrityAlert } from './overdue-watch.service';
import { READ_INDICATORS_SQL } from './persistence/read-hours';

export interface AnalysisResult {
  from: string;
  to: string;
  officials: OfficialIndicators[];
  firings: IndicatorFiring[];
  /** Integrity alerts written now (a firing already alerted for this period is not written again). */
  raised: number;
}

/** 云在算: indicators of every official over a period, thresholds, integrity alerts to the inspectors. */
@Injectable()
export class IntegrityAnalysisService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: CageClock,
  ) {}

  /** The indicators of [from, to), region-filtered by the caller when a LIKE pattern is given; aggregated in SQL. */
  async indicators(
    from: Date,
    to: Date,
    regionPattern = '%',
  ): Promise<{ officials: OfficialIndicators[]; firings: IndicatorFiring[] }> {
    const window = [from, to, regionPattern];
    const [counts, decisions, reads, overdue] = await Promise.all([
      this.query(
        `SELECT actor_id AS "actorId", min(actor_role) AS "actorRole", min(actor_region) AS "actorRegion", firm_id AS "firmId", count(*)::int AS n
           FROM power_traces WHERE exercised_at >= $1 AND exercised_at < $2 AND actor_region LIKE $3 GROUP BY actor_id, firm_id`,
        window,
      ) as Promise<IndicatorInput['counts']>,
      this.query(
        `SELECT actor_id AS "actorId", firm_id AS "firmId", exercised_at AS at, power_id AS "powerId",
                before->'assessment'->>'tier' AS "beforeTier", after->'assessment'->>'tier' AS "afterTier",
                after->'assessment'->>'riskScore' AS "riskScore", after->'assessment'->>'machineScore' AS "machineScore"
           FROM power_traces WHERE exercised_at >= $1 AND exercised_at < $2 AND actor_region LIKE $3 AND power_id = ANY($4::text[])`,
        [...window, [...DISCRETIONARY_POWERS]],
      ) as Promise<
        Array<{
          actorId: string;
          firmId: string | null;
          at: Date;
          powerId: string;
          beforeTier: string | null;
          afterTier: string | null;
          riskScore: string | null;
          machineScore: string | null;
        }>
      >,
      // Reads after hours and the busiest hour per official, from the read rollups.
      this.query(READ_INDICATORS_SQL, window) as Promise<IndicatorInput['reads']>,
      this.query(
        `SELECT r->>'staffId' AS "staffId", count(*)::int AS n FROM overdue_accountability o, jsonb_array_elements(o.responsible) r
          WHERE o.detected_at >= $1 AND o.detected_at < $2 AND o.responsible_region_code LIKE $3 GROUP BY 1`,
        window,
      ) as Promise<Array<{ staffId: string; n: number }>>,
    ]);
    const officials = indicatorsOf({
      counts,
      decisions: decisions.map((d) => ({
        actorId: d.actorId,
        firmId: d.firmId,
        at: d.at,
        favourable: favourable(
          d.powerId,
          { assessment: { tier: d.beforeTier } },
          { assessment: { tier: d.afterTier, riskScore: d.riskScore, machineScore: d.machineScore } },
        ),
      })),
      reads,
      overdue: new Map(overdue.map((o) => [o.staffId, o.n])),
    });
    return { officials, firings: evaluateThresholds(officials, bundledIntegrityThresholds()) };
  }

  /** Analyses [from, to) and raises one integrity alert per firing (per official, indicator and period). */
  async run(from: Date, to: Date): Promise<AnalysisResult> {
    const { officials, firings } = await this.indicators(from, to);
    const regions = await this.regionsOf(firings.filter((f) => !f.official.region).map((f) => f.official.actorId));
    const now = this.clock.now();
    let raised = 0;
    await this.dataSource.transaction(async (m) => {
      for (const f of firings) {
        const o = f.official;
        const id = await appendIntegrityAlert(
          m,
          {
            subjectKey: `${f.indicator}:${o.actorId}:${from.toISOString()}:${to.toISOString()}`,
            indicator: f.indicator,
            subjectStaffIds: [o.actorId],
            subjectRole: o.role || regions.get(o.actorId)?.role || 'unknown',
            regionCode: o.region || regions.get(o.actorId)?.region || '000000',
            firmId: f.indicator.startsWith('deviation')
              ? o.favouredFirmId
              : f.indicator === 'closeness'
                ? o.closestFirmId
                : null,
            summary: `${f.title}: ${round(f.value)}（阈值 ${f.threshold}${f.peerMedian === null ? '' : `，同岗位中位数 ${round(f.peerMedian)}`}）`,
            evidence: {
              period: { from: from.toISOString(), to: to.toISOString() },
              indicators: o,
              value: f.value,
              threshold: f.threshold,
              peerMedian: f.peerMedian,
            },
          },
          now,
        );
        if (id) raised++;
      }
    });
    return { from: from.toISOString(), to: to.toISOString(), officials, firings, raised };
  }

  // These aggregations are planned as costly enough for JIT compilation, which took seconds (3 of
  // 3.8 s for the reads at 200 officials and one year) to save milliseconds: each runs without it.
  private query<T>(sql: string, params: unknown[]): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SET LOCAL jit = off');
      return m.query(sql, params) as Promise<T>;
    });
  }

  private async regionsOf(staffIds: string[]): Promise<Map<string, { role: string; region: string }>> {
    if (!staffIds.length) return new Map();
    const rows: Array<{ id: string; role: string; region: string }> = await this.dataSource.query(
      `SELECT id::text AS id, role::text AS role, region_code AS region FROM staff_users WHERE id::text = ANY($1::text[])`,
      [staffIds],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
