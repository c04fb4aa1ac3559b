import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FirmKind } from '../../firms/firm.entity';
import { RecordQueryService, type Page, type StoredRecord } from '../../ingest/intake/record-query.service';
import type { RecordKind } from '../../ingest/schemas/records';
import type { AccessRequest } from '../auth/access-log.service';
import type { StaffPrincipal } from '../auth/staff-principal';
import { allPages } from '../exports/csv-export';
import { FirmAccess } from './firm-access.service';
import { summary, type FirmSummary } from './firm-directory.service';
import type { FirmRecordsQuery } from './firm-records.dto';

const REPORT_KIND: Record<FirmKind, RecordKind> = {
  p2p_lending: 'p2p_report',
  micro_loan: 'micro_loan_report',
  financing_guarantee: 'guarantee_report',
};
const GOVERNMENT_KINDS: readonly RecordKind[] = ['registry_event', 'tax_event', 'court_event', 'social_security_event'];
const LATEST_REPORTS = 12;
const LATEST_EVENTS = 20;

/** 机构画像: what the bureau knows of one firm, on one page. */
export interface FirmProfile {
  firm: FirmSummary;
  /** The latest current (not superseded) reports of the firm's own kind, newest period first. */
  reports: StoredRecord[];
  /** The current key persons filing (实际控制人, 董监高), or null. */
  keyPersons: StoredRecord | null;
  /** 工商, 税务, 法院, 社保 events, newest first, at most 20 of each kind. */
  governmentEvents: StoredRecord[];
  /** 舆情: news items naming the firm, newest first. */
  sentiment: StoredRecord[];
  recordCounts: Partial<Record<RecordKind, number>>;
  evidence: { leaves: number; inLog: number };
  /** Pending: score, grade, tier and rank come with the scoring module. */
  assessment: null;
}

@Injectable()
export class FirmProfileService {
  constructor(
    private readonly access: FirmAccess,
    private readonly recordQuery: RecordQueryService,
    private readonly dataSource: DataSource,
  ) {}

  async profile(staff: StaffPrincipal, creditCode: string, request: AccessRequest): Promise<FirmProfile> {
    const firm = await this.access.open(staff, creditCode, request);
    const report = REPORT_KIND[firm.kind];
    const [latest, recordCounts, [evidence]] = await Promise.all([
      this.recordQuery.latestOfKinds(firm.id, [report, 'key_persons', 'sentiment_item', ...GOVERNMENT_KINDS], LATEST_EVENTS),
      this.recordQuery.countsByKind(firm.id),
      this.dataSource.query(
        `SELECT count(*)::int AS leaves, count(g.leaf_index)::int AS "inLog"
           FROM evidence_leaves l LEFT JOIN evidence_log g ON g.leaf_id = l.id WHERE l.firm_id = $1`,
        [firm.id],
      ) as Promise<Array<{ leaves: number; inLog: number }>>,
    ]);
    const of = (kinds: readonly RecordKind[]) => latest.filter((r) => kinds.includes(r.kind));
    return {
      firm: summary(firm),
      reports: of([report]).slice(0, LATEST_REPORTS),
      keyPersons: of(['key_persons'])[0] ?? null,
      governmentEvents: of(GOVERNMENT_KINDS).sort((a, b) => b.asOf.localeCompare(a.asOf)),
      sentiment: of(['sentiment_item']),
      recordCounts,
      evidence,
      assessment: null,
    };
  }

  async records(staff: StaffPrincipal, creditCode: string, query: FirmRecordsQuery, request: AccessRequest): Promise<Page<StoredRecord>> {
    const firm = await this.access.open(staff, creditCode, request);
    return this.recordQuery.list(firm.id, query);
  }

  /** Every record the list would page through (one access check and log entry), for the CSV export. */
  async allRecords(staff: StaffPrincipal, creditCode: string, query: FirmRecordsQuery, request: AccessRequest): Promise<StoredRecord[]> {
    const firm = await this.access.open(staff, creditCode, request);
    return allPages((limit, cursor) => this.recordQuery.list(firm.id, { kind: query.kind, limit, cursor }));
  }
}
