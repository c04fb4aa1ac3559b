import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth, StaffRoles } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { ApiQueryFrom, StaffDoc } from '../openapi/api-docs.decorators';
import { LIMIT_QUERY_SCHEMA, parseLimitQuery } from '../staff-evidence/access-log-query.dto';
import { OversightQueries } from '../../cage/oversight-queries.service';
import { INDICATORS_QUERY_SCHEMA, parseIndicatorsQuery } from './indicators-query.dto';

const INSPECTORS = ['discipline_inspector'] as const;
const TRACE_READERS = ['discipline_inspector', 'auditor'] as const;

/** 数据铁笼 for the discipline inspectors (纪检监察): read only. */
@Controller('v1/cage')
@ApiTags('cage')
@StaffAuth()
export class CageController {
  constructor(private readonly cage: OversightQueries) {}

  @Get('traces')
  @StaffRoles(...TRACE_READERS)
  @StaffDoc("行权留痕: exercises of powers by officials of the caller's region, newest first", TRACE_READERS, 422)
  @ApiQueryFrom(LIMIT_QUERY_SCHEMA)
  traces(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown) {
    return this.cage.traces(staff, parseLimitQuery(query).limit);
  }

  @Get('integrity-alerts')
  @StaffRoles(...INSPECTORS)
  @StaffDoc("廉政风险预警 of the caller's region, newest first (never those about the caller)", INSPECTORS, 422)
  @ApiQueryFrom(LIMIT_QUERY_SCHEMA)
  integrityAlerts(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown) {
    return this.cage.integrityAlerts(staff, parseLimitQuery(query).limit);
  }

  @Get('indicators')
  @StaffRoles(...INSPECTORS)
  @StaffDoc(
    "云在算: per-official indicators (工作量, 亲密度, 偏离度, 超期量, reads) of one month of the caller's region, and the thresholds they breach",
    INSPECTORS,
    422,
  )
  @ApiQueryFrom(INDICATORS_QUERY_SCHEMA)
  indicators(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown) {
    return this.cage.indicators(staff, parseIndicatorsQuery(query).month);
  }

  @Get('officials/:staffId/case-file')
  @StaffRoles(...INSPECTORS)
  @StaffDoc(
    "案卷: one official's complete trace with evidence receipts, accountability records and integrity alerts",
    INSPECTORS,
  )
  caseFile(@CurrentStaff() staff: StaffPrincipal, @Param('staffId') staffId: string) {
    return this.cage.caseFile(staff, staffId);
  }
}
