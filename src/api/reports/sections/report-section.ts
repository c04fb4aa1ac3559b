import type { AlertReports } from '../../../alerts/alert-reports.service';
import type { EvidenceQueries } from '../../../evidence-chain/log/evidence-queries.service';
import type { FirmsService } from '../../../firms/firms.service';
import type { RecordReports } from '../../../ingest/intake/record-reports.service';
import type { ScoringReports } from '../../../scoring/scoring-reports.service';

/** The owning modules' read sides a section may ask: the API names no other module's table. */
export interface ReportSources {
  firms: FirmsService;
  records: RecordReports;
  evidence: EvidenceQueries;
  scoring: ScoringReports;
  alerts: AlertReports;
}

/** What every section of the monthly report reads: the region, the month and the modules' read sides. */
export interface MonthlyReportContext {
  /** GB/T 2260 code of the region reported on. */
  region: string;
  /** LIKE pattern of the firms' region_code within the region. */
  regionPattern: string;
  /** YYYY-MM. */
  month: string;
  /** The month in China Standard Time (UTC+8): [start, end). */
  start: Date;
  end: Date;
  sources: ReportSources;
}

/**
 * One section of the report. Adding a section is adding a file and listing it in
 * MONTHLY_SECTIONS; a section whose data is missing says so itself.
 */
export interface ReportSection {
  id: string;
  title: string;
  render(context: MonthlyReportContext): Promise<string>;
}
