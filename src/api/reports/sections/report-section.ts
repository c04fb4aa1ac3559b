import type { DataSource } from 'typeorm';

/** What every section of the monthly report reads: the region, the month and the database. */
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
  dataSource: DataSource;
  /** Columns of each table that exists, from information_schema: sections use tables as modules land. */
  tables: ReadonlyMap<string, ReadonlySet<string>>;
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
