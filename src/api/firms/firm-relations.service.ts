import { Injectable } from '@nestjs/common';
import type { FirmEntity } from '../../firms/firm.entity';
import { RecordReports } from '../../ingest/intake/record-reports.service';
import { OwnershipService, type FirmOwnership } from '../../scoring/ownership.service';
import { todayInChina } from '../../scoring/scoring.service';
import { canSeeRegion } from '../../staff/region-scope';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { relationsOf, type ControllerView, type RelatedFirm } from './related-parties';

// A party shared with hundreds of firms (a nominee, a state fund) would flood the page.
const MAX_RELATED_FIRMS = 50;

export interface FirmRelations {
  controllers: ControllerView[];
  /** 受益所有人 (> 25 % through any chain) with the chains, from the registry and the declared key persons. */
  beneficialOwners: FirmOwnership['beneficialOwners'];
  /** Related firms within the caller's region scope, at most 50. */
  relatedFirms: RelatedFirm[];
  /** Related firms outside the caller's scope: counted, not named. */
  relatedOutsideScope: number;
}

/** 关联方与实际控制人 of one firm, from the latest key-persons lists. */
@Injectable()
export class FirmRelationsService {
  constructor(
    private readonly records: RecordReports,
    private readonly ownership: OwnershipService,
  ) {}

  async of(staff: StaffPrincipal, firm: FirmEntity): Promise<FirmRelations> {
    const asOf = todayInChina();
    const [declared, ownership] = await Promise.all([
      this.declared(staff, firm, asOf),
      this.ownership.of(firm.creditCode, asOf),
    ]);
    // The registry-backed graph sees more than the declared lists alone: its controllers win when it finds any.
    return {
      ...declared,
      controllers: ownership.controllers.length > 0 ? ownership.controllers : declared.controllers,
      beneficialOwners: ownership.beneficialOwners,
    };
  }

  private async declared(
    staff: StaffPrincipal,
    firm: FirmEntity,
    asOf: string,
  ): Promise<Omit<FirmRelations, 'beneficialOwners'>> {
    // The firm's latest list, then the latest list of each firm naming one of its parties.
    const rows = await this.records.keyPersonsSharingParties(firm.id, MAX_RELATED_FIRMS * 4 + 1);
    const own = rows.find((r) => r.firmId === firm.id);
    if (!own) return { controllers: [], relatedFirms: [], relatedOutsideScope: 0 };
    const others = rows
      .filter((r) => r.firmId !== firm.id)
      .map((r) => ({
        firm: { creditCode: r.creditCode, name: r.name, regionCode: r.regionCode },
        keyPersons: r.payload,
      }));
    const { controllers, related } = relationsOf(firm, own.payload, others, asOf);
    const visible = related.filter((r) => canSeeRegion(staff, r.regionCode));
    return {
      controllers,
      relatedFirms: visible.slice(0, MAX_RELATED_FIRMS),
      relatedOutsideScope: related.length - visible.length,
    };
  }
}
