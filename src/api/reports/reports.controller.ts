import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AccessRequest } from '../auth/access-log.service';
import { CurrentStaff, StaffAuth } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { AccessRequestOf } from '../firms/access-request.decorator';
import { ApiQueryFrom, StaffDoc } from '../openapi/api-docs.decorators';
import { MONTHLY_REPORT_QUERY_SCHEMA, parseMonthlyReportQuery } from './monthly-report.dto';
import { MonthlyReportService } from './monthly-report.service';

@Controller('v1/reports')
@ApiTags('reports')
@StaffAuth()
export class ReportsController {
  constructor(private readonly reports: MonthlyReportService) {}

  @Get('monthly')
  @StaffDoc(
    "月度监管报告: printable HTML of a region in the caller's scope (firms, records, evidence, ratings, alerts)",
    'any',
    403,
    422,
  )
  @ApiQueryFrom(MONTHLY_REPORT_QUERY_SCHEMA)
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'HTML (zh-CN), printable', content: { 'text/html': { schema: { type: 'string' } } } })
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  monthly(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown, @AccessRequestOf() request: AccessRequest) {
    return this.reports.render(staff, parseMonthlyReportQuery(query), request);
  }
}
