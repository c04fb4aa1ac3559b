import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { AccessRequest } from '../auth/access-log.service';
import { CurrentStaff, StaffAuth, StaffRoles } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { AccessRequestOf } from '../firms/access-request.decorator';
import { CsvExport } from '../exports/csv-export.decorator';
import { ApiQueryFrom, StaffDoc, StaffOrFirmDoc } from '../openapi/api-docs.decorators';
import {
  ACCESS_LOG_QUERY_SCHEMA,
  LIMIT_QUERY_SCHEMA,
  parseAccessLogQuery,
  parseLimitQuery,
} from './access-log-query.dto';
import { ACCESS_LOG_CSV_COLUMNS, TAMPER_FINDING_CSV_COLUMNS } from './audit.csv-columns';
import { AuditService } from './audit.service';
import { EvidenceDeskService } from './evidence-desk.service';
import { StaffOrFirmGuard } from './staff-or-firm.guard';
import { parseVerifyDto, VERIFY_SCHEMA } from './verify.dto';
import { ApiOkBody } from '../openapi/response-schemas';

const RECEIPT_READERS = ['auditor', 'admin', 'bureau_head'] as const;
const AUDITORS = ['auditor', 'admin'] as const;

/**
 * Verification and chain status are open to every staff member and every supervised firm: both
 * only read public material (the regulator's published key, the genesis, the validators) and the
 * caller's own record and receipt. Anonymous callers are refused to keep the (CPU-bound) verifier
 * from being a free service; outsiders such as courts verify offline with `npm run verify`.
 */
@Controller('v1/evidence')
@ApiTags('evidence')
@UseGuards(StaffOrFirmGuard)
export class EvidenceDeskController {
  constructor(private readonly desk: EvidenceDeskService) {}

  @Post('verify')
  @HttpCode(200)
  @StaffOrFirmDoc("Verify a record and its receipt against the regulator's key and the pinned genesis", 422)
  @ApiBody({ schema: VERIFY_SCHEMA as object })
  verify(@Body() body: unknown) {
    return this.desk.verify(parseVerifyDto(body));
  }

  @Get('chain')
  @StaffOrFirmDoc('Alliance chain status: validators up, height, chain id (the local ledger says so)')
  chain() {
    return this.desk.chain();
  }
}

/** Tamper findings: what the re-hashing scan found changed behind the application's back. */
@Controller('v1/evidence')
@ApiTags('evidence')
@StaffAuth(...RECEIPT_READERS)
export class TamperFindingsController {
  constructor(private readonly audit: AuditService) {}

  @Get('tamper-findings')
  @StaffDoc('Tamper findings, newest first', RECEIPT_READERS, 422)
  @ApiQueryFrom(LIMIT_QUERY_SCHEMA)
  list(@Query() query: unknown) {
    return this.audit.tamperFindings(parseLimitQuery(query).limit);
  }

  @Get('tamper-findings.csv')
  @StaffDoc('Every tamper finding as CSV, newest first; the export is logged', RECEIPT_READERS, 422)
  @CsvExport('tamper-findings', TAMPER_FINDING_CSV_COLUMNS)
  csv() {
    return this.audit.allTamperFindings();
  }
}

/** 审计: any receipt and the staff access log. */
@Controller('v1/audit')
@ApiTags('audit')
@StaffAuth()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('receipts/:kind/:id')
  @StaffRoles(...RECEIPT_READERS)
  @StaffDoc(
    'The evidence receipt of any record (firms read their own at /v1/evidence/receipts)',
    RECEIPT_READERS,
    404,
    409,
  )
  @ApiOkBody('Receipt')
  receipt(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('kind') kind: string,
    @Param('id') id: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.audit.receipt(staff, kind, id, request);
  }

  @Get('access-log')
  @StaffRoles(...AUDITORS)
  @StaffDoc('访问日志: logins and staff access to firm data, newest first, cursor pagination', AUDITORS, 422)
  @ApiQueryFrom(ACCESS_LOG_QUERY_SCHEMA)
  accessLog(@Query() query: unknown) {
    return this.audit.accessLogPage(parseAccessLogQuery(query));
  }

  @Get('access-log.csv')
  @StaffRoles(...AUDITORS)
  @StaffDoc('访问日志 as CSV: every row the filters select, newest first; the export is itself logged', AUDITORS, 422)
  @ApiQueryFrom(ACCESS_LOG_QUERY_SCHEMA)
  @CsvExport('access-log', ACCESS_LOG_CSV_COLUMNS)
  accessLogCsv(@Query() query: unknown) {
    return this.audit.allAccessLog(parseAccessLogQuery(query));
  }
}
