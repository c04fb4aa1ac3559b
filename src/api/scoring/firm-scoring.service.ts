import { Injectable } from '@nestjs/common';
import type { FirmPrincipal } from '../../ingest/keys/firm-api-keys.service';
import type { FirmList } from '../../scoring/entities/firm-list-entry.entity';
import { ManualScoresService, type NewManualScore } from '../../scoring/manual-scores.service';
import { ScoringQueries } from '../../scoring/scoring-queries.service';
import type { AccessRequest } from '../auth/access-log.service';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { allPages } from '../exports/csv-export';
import { FirmAccess } from '../firms/firm-access.service';
import { visibleRegion } from '../firms/firm-scope';
import type { PageQuery, RankingQuery } from './scoring.dto';

/** The staff and portal side of scoring: every look at one firm goes through FirmAccess (region scope, access log). */
@Injectable()
export class FirmScoringService {
  constructor(
    private readonly access: FirmAccess,
    private readonly queries: ScoringQueries,
    private readonly manual: ManualScoresService,
  ) {}

  async assessments(staff: StaffPrincipal, creditCode: string, query: PageQuery, request: AccessRequest) {
    const firm = await this.access.open(staff, creditCode, request);
    return this.queries.assessments(firm.id, query.limit, query.cursor);
  }

  /** Every assessment of the firm (one access check and log entry), for the CSV export. */
  async allAssessments(staff: StaffPrincipal, creditCode: string, request: AccessRequest) {
    const firm = await this.access.open(staff, creditCode, request);
    return allPages((limit, cursor) => this.queries.assessments(firm.id, limit, cursor));
  }

  async features(staff: StaffPrincipal, creditCode: string, request: AccessRequest) {
    const firm = await this.access.open(staff, creditCode, request);
    return { creditCode, ...(await this.queries.features(firm.id)) };
  }

  async manualScores(staff: StaffPrincipal, creditCode: string, request: AccessRequest) {
    const firm = await this.access.open(staff, creditCode, request);
    return { items: await this.manual.list(firm.id) };
  }

  /** Adds the manual score, re-scores the firm, and answers with both. */
  async addManualScore(staff: StaffPrincipal, creditCode: string, input: NewManualScore, request: AccessRequest) {
    const firm = await this.access.open(staff, creditCode, request);
    const manualScore = await this.manual.add(firm.id, staff, input);
    return { manualScore, assessment: await this.queries.latest(firm.id) };
  }

  async revokeManualScore(
    staff: StaffPrincipal,
    creditCode: string,
    id: string,
    reason: string,
    request: AccessRequest,
  ) {
    const firm = await this.access.open(staff, creditCode, request);
    const revocation = await this.manual.revoke(firm.id, id, staff, reason);
    return { revocation, assessment: await this.queries.latest(firm.id) };
  }

  ranking(staff: StaffPrincipal, query: RankingQuery) {
    const within = visibleRegion(staff);
    return within === 'nothing' ? { items: [], nextCursor: null } : this.queries.ranking(within, query);
  }

  /** The whole ranking the filters select, for the CSV export. */
  allRanking(staff: StaffPrincipal, query: RankingQuery) {
    return allPages(async (limit, cursor) => this.ranking(staff, { ...query, limit, cursor }));
  }

  lists(staff: StaffPrincipal, list?: FirmList) {
    const within = visibleRegion(staff);
    return within === 'nothing' ? { white: [], black: [] } : this.queries.lists(within, list);
  }

  portalGrade(firm: FirmPrincipal) {
    return this.queries.portalGrade(firm.firmId);
  }
}
