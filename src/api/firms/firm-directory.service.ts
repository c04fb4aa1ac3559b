import { Injectable } from '@nestjs/common';
import type { FirmEntity } from '../../firms/firm.entity';
import { FirmsService } from '../../firms/firms.service';
import type { Page } from '../../ingest/intake/record-query.service';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { decodeFirmCursor, encodeFirmCursor, type FirmListQuery } from './firm-list.dto';
import { visibleRegion } from './firm-scope';

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

/** The firm list of a staff member: only firms within their region scope. */
@Injectable()
export class FirmDirectoryService {
  constructor(private readonly firms: FirmsService) {}

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
