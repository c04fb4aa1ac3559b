import { Injectable } from '@nestjs/common';
import { FindingsService, type FindingClosure, type NewFinding } from '../../scoring/findings.service';
import { ScoringQueries } from '../../scoring/scoring-queries.service';
import type { AccessRequest } from '../auth/access-log.service';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { FirmAccess } from '../firms/firm-access.service';

/** 查实事项 of one firm for staff within its region; each change answers with the new assessment. */
@Injectable()
export class FirmFindingsService {
  constructor(
    private readonly access: FirmAccess,
    private readonly findings: FindingsService,
    private readonly queries: ScoringQueries,
  ) {}

  async list(staff: StaffPrincipal, creditCode: string, request: AccessRequest) {
    const firm = await this.access.open(staff, creditCode, request);
    return { items: await this.findings.list(firm.id) };
  }

  async confirm(staff: StaffPrincipal, creditCode: string, input: NewFinding, request: AccessRequest) {
    const firm = await this.access.open(staff, creditCode, request);
    const finding = await this.findings.confirm(firm.id, staff, input);
    return { finding, assessment: await this.queries.latest(firm.id) };
  }

  async close(staff: StaffPrincipal, creditCode: string, id: string, input: FindingClosure, request: AccessRequest) {
    const firm = await this.access.open(staff, creditCode, request);
    const closure = await this.findings.close(firm.id, id, staff, input);
    return { closure, assessment: await this.queries.latest(firm.id) };
  }
}
