import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FirmKind } from '../firms/firm.entity';
import { regionLevel } from '../firms/region-code';
import type { IsoDate } from '../ingest/schemas/records';
import { NotFound } from '../platform/errors/domain-error';
import type { FirmList } from './entities/firm-list-entry.entity';
import { computeFeatures } from './features/compute-features';
import { featureDefinition } from './features/feature-catalogue';
import type { GradedTier } from './grading/alert-tier';
import { ASSESSMENT_COLUMNS, type AssessmentRecord } from './persistence/assessment-records';
import { HistoryLoader } from './persistence/history-loader';
import { todayInChina } from './scoring.service';

export interface Page<T> {
  items: T[];
  /** Opaque; pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface RankingRow {
  rank: number;
  firmId: string;
  creditCode: string;
  name: string;
  kind: FirmKind;
  regionCode: string;
  riskScore: string;
  grade: string;
  tier: GradedTier;
  asOf: string;
  assessedAt: string;
}

/** Region scope as a LIKE pattern: a county itself, a city's or province's code prefix; null = everything. */
export function regionLike(within: string | null): string {
  if (within === null) return '%';
  const level = regionLevel(within);
  return level === 'county' ? within : level === 'city' ? `${within.slice(0, 4)}%` : `${within.slice(0, 2)}%`;
}

const encode = (parts: Array<string | number>): string => Buffer.from(parts.join('|')).toString('base64url');
const decode = (cursor: string | undefined): string[] | null =>
  cursor ? Buffer.from(cursor, 'base64url').toString().split('|') : null;
const TIER_RANK_SQL = `array_position(ARRAY['none','blue','yellow','orange','red'], a.tier::text)`;

/** Read side of scoring: assessment history, current features, the ranking, the lists, the portal grade. */
@Injectable()
export class ScoringQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loader: HistoryLoader,
  ) {}

  /** One firm's assessments, newest first; keyset on (as_of, assessed_at, id). */
  async assessments(firmId: string, limit: number, cursor?: string): Promise<Page<AssessmentRecord>> {
    const after = decode(cursor);
    const params: unknown[] = [firmId, limit + 1];
    const where = after
      ? `AND (a.as_of, a.assessed_at, a.id) < ($${params.push(after[0])}::date, $${params.push(after[1])}::timestamptz, $${params.push(after[2])}::uuid)`
      : '';
    const rows: Array<AssessmentRecord & { assessedAt: Date | string }> = await this.dataSource.query(
      `SELECT ${ASSESSMENT_COLUMNS} FROM assessments a WHERE a.firm_id = $1 ${where} ORDER BY a.as_of DESC, a.assessed_at DESC, a.id DESC LIMIT $2`,
      params,
    );
    const items = rows.slice(0, limit).map((r) => ({ ...r, assessedAt: new Date(r.assessedAt).toISOString() }));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encode([last.asOf, last.assessedAt, last.id]) : null };
  }

  async latest(firmId: string): Promise<AssessmentRecord | null> {
    return (await this.assessments(firmId, 1)).items[0] ?? null;
  }

  /** The firm's features computed now from its stored history (the same computeFeatures the score uses). */
  async features(firmId: string, asOf: IsoDate = todayInChina()) {
    const [firm] = await this.loader.firms([firmId]);
    if (!firm) throw new NotFound(`no firm ${firmId}`);
    const [[history], market] = await Promise.all([this.loader.histories([firm], asOf), this.loader.market(asOf)]);
    const vector = computeFeatures({ ...history, market }, asOf);
    return {
      asOf,
      features: Object.entries(vector).map(([name, value]) => {
        const def = featureDefinition(name);
        return { name, value, zh: def?.zh ?? null, unit: def?.unit ?? null };
      }),
    };
  }

  /**
   * 综合排名 of every firm's latest assessment, ranked across all firms (tier, then score), then
   * filtered to the caller's region: a county officer sees their county's firms with their citywide rank.
   */
  async ranking(
    within: string | null,
    options: { limit: number; cursor?: string; kind?: FirmKind; tier?: GradedTier },
  ): Promise<Page<RankingRow>> {
    const after = decode(options.cursor);
    const params: unknown[] = [regionLike(within), options.limit + 1];
    let filter = '';
    if (options.kind) filter += ` AND r."kind" = $${params.push(options.kind)}`;
    if (options.tier) filter += ` AND r."tier" = $${params.push(options.tier)}`;
    if (after)
      filter += ` AND (r."rank", r."firmId") > ($${params.push(Number(after[0]))}::bigint, $${params.push(after[1])}::uuid)`;
    const rows: Array<RankingRow & { assessedAt: Date | string; rank: string | number }> = await this.dataSource.query(
      `WITH latest AS (
         SELECT f.id, f.credit_code, f.name, f.kind, f.region_code, l.*
           FROM firms f
           CROSS JOIN LATERAL (SELECT a.risk_score, a.grade, a.tier, to_char(a.as_of, 'YYYY-MM-DD') AS as_of, a.assessed_at, ${TIER_RANK_SQL} AS tier_rank
                                 FROM assessments a WHERE a.firm_id = f.id ORDER BY a.as_of DESC, a.assessed_at DESC LIMIT 1) l
          WHERE f.licence_status IN ('licensed', 'suspended')
       ), ranked AS (
         SELECT rank() OVER (ORDER BY tier_rank DESC, risk_score DESC) AS "rank", id AS "firmId", credit_code AS "creditCode", name, kind::text AS "kind",
                region_code AS "regionCode", risk_score AS "riskScore", grade, tier::text AS "tier", as_of AS "asOf", assessed_at AS "assessedAt"
           FROM latest
       )
       SELECT * FROM ranked r WHERE r."regionCode" LIKE $1 ${filter} ORDER BY r."rank", r."firmId" LIMIT $2`,
      params,
    );
    const items = rows
      .slice(0, options.limit)
      .map((r) => ({ ...r, rank: Number(r.rank), assessedAt: new Date(r.assessedAt).toISOString() }));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > options.limit && last ? encode([last.rank, last.firmId]) : null };
  }

  /** Firms currently on the white or black list within the region (or just the one firm), with the reasons and when. */
  async lists(within: string | null, list?: FirmList, firmId?: string) {
    const rows: Array<{
      list: FirmList;
      firmId: string;
      creditCode: string;
      name: string;
      regionCode: string;
      reasons: string[];
      decidedAt: Date;
      assessmentId: string | null;
    }> = await this.dataSource.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (l.firm_id, l.list) l.list, l.listed, l.firm_id AS "firmId", f.credit_code AS "creditCode", f.name, f.region_code AS "regionCode",
                l.reasons, l.decided_at AS "decidedAt", l.assessment_id AS "assessmentId"
           FROM firm_lists l JOIN firms f ON f.id = l.firm_id
          WHERE f.region_code LIKE $1 AND ($2::text IS NULL OR l.list = $2) AND ($3::uuid IS NULL OR l.firm_id = $3)
          ORDER BY l.firm_id, l.list, l.decided_at DESC, l.id) current
        WHERE current.listed ORDER BY current.list, current."decidedAt" DESC`,
      [regionLike(within), list ?? null, firmId ?? null],
    );
    const items = rows.map(({ list: l, firmId, creditCode, name, regionCode, reasons, decidedAt, assessmentId }) => ({
      list: l,
      firmId,
      creditCode,
      name,
      regionCode,
      reasons,
      decidedAt: new Date(decidedAt).toISOString(),
      assessmentId,
    }));
    return { white: items.filter((i) => i.list === 'white'), black: items.filter((i) => i.list === 'black') };
  }

  /**
   * What a firm sees of its own grade: grade, tier and the rules behind them (titles, tiers and
   * the bureau's explanation text) - no score, no model internals, no analysts' notes.
   */
  async portalGrade(firmId: string) {
    const latest = await this.latest(firmId);
    if (!latest)
      return {
        assessed: false,
        asOf: null,
        assessedAt: null,
        grade: null,
        tier: null,
        reasons: [],
        relatedRisk: false,
      };
    return {
      assessed: true,
      asOf: latest.asOf,
      assessedAt: latest.assessedAt,
      grade: latest.grade,
      tier: latest.tier,
      reasons: latest.explanation.rulesFired.map((r) => ({
        ruleId: r.ruleId,
        title: r.title.zh,
        titleEn: r.title.en,
        tier: r.tier,
        explanation: r.explanation,
      })),
      relatedRisk: latest.explanation.propagation.length > 0,
    };
  }
}
