import { Injectable } from '@nestjs/common';
import { RecordQueryService, type Page, type StoredRecord } from '../../ingest/intake/record-query.service';
import type { RecordKind } from '../../ingest/schemas/records';
import type { AssessmentExplanation } from '../../scoring/grading/composite-score';
import type { AssessmentRecord } from '../../scoring/persistence/assessment-records';
import { ScoringQueries } from '../../scoring/scoring-queries.service';
import type { AccessRequest } from '../auth/access-log.service';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { allPages } from '../exports/csv-export';
import { FirmAccess } from './firm-access.service';
import { summary, type FirmSummary } from './firm-directory.service';
import { AlertReports, type OpenAlertView } from '../../alerts/alert-reports.service';
import { EvidenceQueries } from '../../evidence-chain/log/evidence-queries.service';
import { FirmRelationsService, type FirmRelations } from './firm-relations.service';
import { withoutIdentityNumbers } from './identity-redaction';
import type { FirmRecordsQuery } from './firm-records.dto';
import { reportKindOf } from '../../firms/report-kinds';

const GOVERNMENT_KINDS: readonly RecordKind[] = ['registry_event', 'tax_event', 'court_event', 'social_security_event'];
const LATEST_REPORTS = 12;
const LATEST_EVENTS = 20;
const ASSESSMENT_HISTORY = 36;

type Features = Awaited<ReturnType<ScoringQueries['features']>>;
type ListEntry = Awaited<ReturnType<ScoringQueries['lists']>>['white'][number];

/** One point of the score over time. */
export interface AssessmentPoint {
  asOf: string;
  assessedAt: string;
  riskScore: string;
  grade: string;
  tier: string;
  rank: number;
  rankedFirms: number;
}

/**
 * 机构画像: what the bureau knows of one firm, on one page. Every section is bounded; identity
 * numbers (even their keyed hashes) never appear.
 */
export interface FirmProfile {
  firm: FirmSummary;
  /** The latest current (not superseded) reports of the firm's own kind, newest period first. */
  reports: StoredRecord[];
  /** The current key persons filing (实际控制人, 董监高, 股东): names, roles and shares only. */
  keyPersons: StoredRecord | null;
  /** 最终控制人 through corporate layers, as far as the supervised firms' filings reach. */
  controllers: FirmRelations['controllers'];
  /** 关联方: supervised firms sharing a person or corporate holder with this one; 受益所有人 with their chains (穿透). */
  relatedParties: {
    firms: FirmRelations['relatedFirms'];
    outsideScope: number;
    beneficialOwners: FirmRelations['beneficialOwners'];
  };
  /** 工商, 税务, 法院, 社保 events, newest first, at most 20 of each kind. */
  governmentEvents: StoredRecord[];
  /** 舆情: news items naming the firm, newest first. */
  sentiment: StoredRecord[];
  /** Today's features from the stored records (what the next score uses). */
  features: Features;
  /** The latest assessment: scores, grade, tier, rank, packs, model version, full explanation. */
  assessment: AssessmentRecord | null;
  /** Risk score, grade, tier and rank over time, newest first (at most 36 assessments). */
  assessmentHistory: AssessmentPoint[];
  /** 触发规则 of the latest assessment. */
  rulesFired: AssessmentExplanation['rulesFired'];
  /** The distress model's probability and top feature contributions in the latest assessment. */
  modelExplanation: AssessmentExplanation['model'];
  /** Red firms this one is related to (风险传导), with the path. */
  relatedRisk: AssessmentExplanation['propagation'];
  /** 白名单 / 黑名单: the current entry of each, or null. */
  lists: { white: ListEntry | null; black: ListEntry | null };
  /** Alerts still open, acknowledged or in progress, most severe first. */
  openAlerts: OpenAlertView[];
  recordCounts: Partial<Record<RecordKind, number>>;
  evidence: { leaves: number; inLog: number };
}

@Injectable()
export class FirmProfileService {
  constructor(
    private readonly access: FirmAccess,
    private readonly recordQuery: RecordQueryService,
    private readonly scoring: ScoringQueries,
    private readonly relations: FirmRelationsService,
    private readonly openAlerts: AlertReports,
    private readonly evidenceQueries: EvidenceQueries,
  ) {}

  async profile(staff: StaffPrincipal, creditCode: string, request: AccessRequest): Promise<FirmProfile> {
    const firm = await this.access.open(staff, creditCode, request);
    const report = reportKindOf(firm.kind);
    const [latest, recordCounts, evidence, features, history, relations, lists, openAlerts] = await Promise.all([
      this.recordQuery.latestOfKinds(
        firm.id,
        [report, 'key_persons', 'sentiment_item', ...GOVERNMENT_KINDS],
        LATEST_EVENTS,
      ),
      this.recordQuery.countsByKind(firm.id),
      this.evidenceQueries.firmLeafCounts(firm.id),
      this.scoring.features(firm.id),
      this.scoring.assessments(firm.id, ASSESSMENT_HISTORY),
      this.relations.of(staff, firm),
      this.scoring.lists(firm.regionCode, undefined, firm.id),
      this.openAlerts.openOfFirm(firm.id),
    ]);
    const of = (kinds: readonly RecordKind[]) =>
      latest.filter((r) => kinds.includes(r.kind)).map(withoutIdentityNumbers);
    const assessment = history.items[0] ?? null;
    return {
      firm: summary(firm),
      reports: of([report]).slice(0, LATEST_REPORTS),
      keyPersons: of(['key_persons'])[0] ?? null,
      controllers: relations.controllers,
      relatedParties: {
        firms: relations.relatedFirms,
        outsideScope: relations.relatedOutsideScope,
        beneficialOwners: relations.beneficialOwners,
      },
      governmentEvents: of(GOVERNMENT_KINDS).sort((a, b) => b.asOf.localeCompare(a.asOf)),
      sentiment: of(['sentiment_item']),
      features,
      assessment,
      assessmentHistory: history.items.map(({ asOf, assessedAt, riskScore, grade, tier, rank, rankedFirms }) => ({
        asOf,
        assessedAt,
        riskScore,
        grade,
        tier,
        rank,
        rankedFirms,
      })),
      rulesFired: assessment?.explanation.rulesFired ?? [],
      modelExplanation: assessment?.explanation.model ?? null,
      relatedRisk: assessment?.explanation.propagation ?? [],
      lists: { white: lists.white[0] ?? null, black: lists.black[0] ?? null },
      openAlerts,
      recordCounts,
      evidence,
    };
  }

  async records(
    staff: StaffPrincipal,
    creditCode: string,
    query: FirmRecordsQuery,
    request: AccessRequest,
  ): Promise<Page<StoredRecord>> {
    const firm = await this.access.open(staff, creditCode, request);
    return this.recordQuery.list(firm.id, query);
  }

  /** Every record the list would page through (one access check and log entry), for the CSV export. */
  async allRecords(
    staff: StaffPrincipal,
    creditCode: string,
    query: FirmRecordsQuery,
    request: AccessRequest,
  ): Promise<StoredRecord[]> {
    const firm = await this.access.open(staff, creditCode, request);
    return allPages((limit, cursor) => this.recordQuery.list(firm.id, { kind: query.kind, limit, cursor }));
  }
}
