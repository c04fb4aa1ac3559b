import { Injectable } from '@nestjs/common';
import type { FirmEntity } from '../../firms/firm.entity';
import { FirmsService } from '../../firms/firms.service';
import type { Page } from '../../ingest/intake/record-query.service';
import { AccessLogService, type AccessRequest } from '../auth/access-log.service';
import type { StaffPrincipal } from '../auth/staff-principal';
import { attachment, toCsv, type CsvColumn } from '../reports/csv';
import { decodeFirmCursor, encodeFirmCursor, type FirmListQuery } from './firm-list.dto';
import { visibleRegion } from './firm-scope';
import { FIRM_KIND_NAMES, LICENCE_STATUS_NAMES } from './firm-names';

/** A row of the firm list. Score, grade, tier and rank join when the scoring module lands. */
export interface FirmSummary {
  id: string;
  creditCode: string;
  name: string;
  kind: FirmEntity['kind'];
  regionCode: string;
  licenceStatus: FirmEntity['licenceStatus'];
  createdAt: string;
  updatedAt: string;
}

export interface CsvFile {
  filename: string;
  contentDisposition: string;
  body: string;
}

// A CSV export walks every page; firms number in the hundreds, so it stays in memory.
const CSV_PAGE = 500;
const CSV_MAX_ROWS = 100_000;

const CSV_COLUMNS: ReadonlyArray<CsvColumn<FirmSummary>> = [
  { header: '统一社会信用代码', value: (f) => f.creditCode },
  { header: '机构名称', value: (f) => f.name },
  { header: '机构类型', value: (f) => FIRM_KIND_NAMES[f.kind] },
  { header: '行政区划代码', value: (f) => f.regionCode },
  { header: '牌照状态', value: (f) => LICENCE_STATUS_NAMES[f.licenceStatus] },
  { header: '登记时间', value: (f) => f.createdAt },
];

/** The firm list of a staff member: only firms within their region scope. */
@Injectable()
export class FirmDirectoryService {
  constructor(
    private readonly firms: FirmsService,
    private readonly accessLog: AccessLogService,
  ) {}

  async list(staff: StaffPrincipal, query: FirmListQuery): Promise<Page<FirmSummary>> {
    const within = visibleRegion(staff);
    if (within === 'nothing') return { items: [], nextCursor: null };
    const rows = await this.firms.search({
      within,
      text: query.q?.trim() || undefined,
      kind: query.kind,
      region: query.region,
      licenceStatus: query.licenceStatus,
      sort: query.sort,
      order: query.order,
      limit: query.limit + 1,
      after: decodeFirmCursor(query),
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => summary(r.firm)),
      nextCursor: rows.length > query.limit && last ? encodeFirmCursor(query, last.sortKey, last.firm.id) : null,
    };
  }

  /** Every firm the list would show (all pages), as CSV; the export itself is logged. */
  async csv(staff: StaffPrincipal, query: FirmListQuery, request: AccessRequest): Promise<CsvFile> {
    await this.accessLog.record({ staff, request, outcome: 'allowed', reason: 'csv_export' });
    const rows: FirmSummary[] = [];
    let page: Page<FirmSummary> = await this.list(staff, { ...query, limit: CSV_PAGE, cursor: undefined });
    rows.push(...page.items);
    while (page.nextCursor && rows.length < CSV_MAX_ROWS) {
      page = await this.list(staff, { ...query, limit: CSV_PAGE, cursor: page.nextCursor });
      rows.push(...page.items);
    }
    const filename = `firms-${new Date().toISOString().slice(0, 10)}.csv`;
    return { filename, contentDisposition: attachment(filename), body: toCsv(CSV_COLUMNS, rows) };
  }
}

export function summary(firm: FirmEntity): FirmSummary {
  return {
    id: firm.id,
    creditCode: firm.creditCode,
    name: firm.name,
    kind: firm.kind,
    regionCode: firm.regionCode,
    licenceStatus: firm.licenceStatus,
    createdAt: firm.createdAt.toISOString(),
    updatedAt: firm.updatedAt.toISOString(),
  };
}
