import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AccessRequest } from '../auth/access-log.service';
import { CurrentStaff, StaffAuth } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../auth/staff-principal';
import { ApiQueryFrom, StaffDoc } from '../openapi/api-docs.decorators';
import { AccessRequestOf } from './access-request.decorator';
import { FirmDirectoryService } from './firm-directory.service';
import { FIRM_LIST_QUERY_SCHEMA, parseFirmListQuery } from './firm-list.dto';
import { FirmProfileService } from './firm-profile.service';
import { FIRM_RECORDS_QUERY_SCHEMA, parseFirmRecordsQuery } from './firm-records.dto';

/** Supervised firms as staff see them: only within their region scope; every look at one firm is logged. */
@Controller('v1')
@ApiTags('firms')
@StaffAuth()
export class FirmsController {
  constructor(
    private readonly directory: FirmDirectoryService,
    private readonly profiles: FirmProfileService,
  ) {}

  @Get('firms')
  @StaffDoc('List firms in the caller\'s region scope: search, filter, sort, cursor pagination', 'any', 422)
  @ApiQueryFrom(FIRM_LIST_QUERY_SCHEMA)
  list(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown) {
    return this.directory.list(staff, parseFirmListQuery(query));
  }

  @Get('firms.csv')
  @StaffDoc('The firm list as CSV (UTF-8 with BOM, every page, same filters); the export is logged', 'any', 422)
  @ApiQueryFrom(FIRM_LIST_QUERY_SCHEMA)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'RFC 4180 CSV', content: { 'text/csv': { schema: { type: 'string' } } } })
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('cache-control', 'no-store')
  async csv(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown, @AccessRequestOf() request: AccessRequest, @Res({ passthrough: true }) res: Response) {
    return sendFile(res, await this.directory.csv(staff, parseFirmListQuery(query), request));
  }

  @Get('firms/:creditCode')
  @StaffDoc('机构画像: the firm, latest reports, key persons, government events, sentiment, evidence (logged; out of scope is 404)', 'any', 404)
  profile(@CurrentStaff() staff: StaffPrincipal, @Param('creditCode') creditCode: string, @AccessRequestOf() request: AccessRequest) {
    return this.profiles.profile(staff, creditCode, request);
  }

  @Get('firms/:creditCode/records')
  @StaffDoc('Records of one firm, newest first, cursor pagination (logged; out of scope is 404)', 'any', 404, 422)
  @ApiQueryFrom(FIRM_RECORDS_QUERY_SCHEMA)
  records(@CurrentStaff() staff: StaffPrincipal, @Param('creditCode') creditCode: string, @Query() query: unknown, @AccessRequestOf() request: AccessRequest) {
    return this.profiles.records(staff, creditCode, parseFirmRecordsQuery(query), request);
  }
}

function sendFile(res: Response, file: { contentDisposition: string; body: string }): string {
  res.setHeader('content-disposition', file.contentDisposition);
  return file.body;
}
