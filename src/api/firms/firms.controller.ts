import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AccessRequest } from '../auth/access-log.service';
import { CurrentStaff, StaffAuth } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { allPages } from '../exports/csv-export';
import { CsvExport } from '../exports/csv-export.decorator';
import { ApiQueryFrom, StaffDoc } from '../openapi/api-docs.decorators';
import { AccessRequestOf } from './access-request.decorator';
import { FIRM_CSV_COLUMNS, RECORD_CSV_COLUMNS } from './firm.csv-columns';
import { FirmDirectoryService } from './firm-directory.service';
import { FIRM_LIST_QUERY_SCHEMA, parseFirmListQuery } from './firm-list.dto';
import { FirmProfileService } from './firm-profile.service';
import { FIRM_RECORDS_QUERY_SCHEMA, parseFirmRecordsQuery } from './firm-records.dto';
import { ApiOkBody } from '../openapi/response-schemas';

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
  @StaffDoc("List firms in the caller's region scope: search, filter, sort, cursor pagination", 'any', 422)
  @ApiOkBody('FirmPage')
  @ApiQueryFrom(FIRM_LIST_QUERY_SCHEMA)
  list(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown) {
    return this.directory.list(staff, parseFirmListQuery(query));
  }

  @Get('firms.csv')
  @StaffDoc('The firm list as CSV: every row the list filters select, same sort; the export is logged', 'any', 422)
  @ApiQueryFrom(FIRM_LIST_QUERY_SCHEMA)
  @CsvExport('firms', FIRM_CSV_COLUMNS)
  csv(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown) {
    const filters = parseFirmListQuery(query);
    return allPages((limit, cursor) => this.directory.list(staff, { ...filters, limit, cursor }));
  }

  @Get('firms/:creditCode')
  @StaffDoc(
    '机构画像: the firm, latest reports, key persons, government events, sentiment, evidence (logged; out of scope is 404)',
    'any',
    404,
  )
  @ApiOkBody('FirmProfile')
  profile(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.profiles.profile(staff, creditCode, request);
  }

  @Get('firms/:creditCode/records')
  @StaffDoc('Records of one firm, newest first, cursor pagination (logged; out of scope is 404)', 'any', 404, 422)
  @ApiOkBody('StoredRecordPage')
  @ApiQueryFrom(FIRM_RECORDS_QUERY_SCHEMA)
  records(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Query() query: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.profiles.records(staff, creditCode, parseFirmRecordsQuery(query), request);
  }

  @Get('firms/:creditCode/records.csv')
  @StaffDoc(
    "The firm's records as CSV (no payloads), newest first; kind filter as the list (logged; out of scope is 404)",
    'any',
    404,
    422,
  )
  @ApiQueryFrom(FIRM_RECORDS_QUERY_SCHEMA)
  @CsvExport('records', RECORD_CSV_COLUMNS)
  recordsCsv(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Query() query: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.profiles.allRecords(staff, creditCode, parseFirmRecordsQuery(query), request);
  }
}
