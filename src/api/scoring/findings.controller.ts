import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { AccessRequest } from '../auth/access-log.service';
import { CurrentStaff, StaffAuth, StaffRoles } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { AccessRequestOf } from '../firms/access-request.decorator';
import { StaffDoc } from '../openapi/api-docs.decorators';
import { FINDING_CLOSURE_SCHEMA, NEW_FINDING_SCHEMA, parseFindingClosure, parseNewFinding } from './findings.dto';
import { FirmFindingsService } from './firm-findings.service';
import { Power } from '../cage/power.decorator';

// The officials who inspect and sign off findings; analysts read them but do not confirm facts.
const FINDING_RECORDERS = ['county_officer', 'section_head', 'deputy_head', 'bureau_head'] as const;

/** 查实事项: confirmed facts the qualitative rules read (P2P-07, MC-10, FG-03 ...), within the firm's region. */
@Controller('v1/firms/:creditCode/findings')
@ApiTags('scoring')
@StaffAuth()
export class FindingsController {
  constructor(private readonly findings: FirmFindingsService) {}

  @Get()
  @StaffDoc('Findings (查实事项) of the firm with their closures, newest first', 'any', 404)
  list(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.findings.list(staff, creditCode, request);
  }

  @Post()
  @Power('finding.record')
  @StaffRoles(...FINDING_RECORDERS)
  @StaffDoc(
    'Record a confirmed finding; the firm is re-scored at once and the new assessment returned',
    FINDING_RECORDERS,
    404,
    422,
  )
  @ApiBody({ schema: NEW_FINDING_SCHEMA as object })
  confirm(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.findings.confirm(staff, creditCode, parseNewFinding(body), request);
  }

  @Post(':id/close')
  @Power('finding.close')
  @HttpCode(200)
  @StaffRoles(...FINDING_RECORDERS)
  @StaffDoc(
    'Close a finding (rectified or overturned) with a new row naming it; the firm is re-scored at once',
    FINDING_RECORDERS,
    404,
    409,
    422,
  )
  @ApiBody({ schema: FINDING_CLOSURE_SCHEMA as object })
  close(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.findings.close(staff, creditCode, id, parseFindingClosure(body), request);
  }
}
