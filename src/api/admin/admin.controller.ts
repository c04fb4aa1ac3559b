import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { AccessRequest } from '../auth/access-log.service';
import { CurrentStaff, StaffAuth } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { AccessRequestOf } from '../firms/access-request.decorator';
import { StaffDoc } from '../openapi/api-docs.decorators';
import { AdminFirmsService } from './admin-firms.service';
import {
  ISSUE_KEY_SCHEMA,
  LICENCE_CHANGE_SCHEMA,
  parseIssueKey,
  parseLicenceChange,
  parseRegisterFirm,
  REGISTER_FIRM_SCHEMA,
} from './admin.dto';
import { Power } from '../cage/power.decorator';

const ADMIN = ['admin'] as const;

/** Firm registration, licence status and push API keys: admin only. */
@Controller('v1/admin/firms')
@ApiTags('admin')
@StaffAuth(...ADMIN)
export class AdminController {
  constructor(private readonly admin: AdminFirmsService) {}

  @Post()
  @Power('firm.register')
  @StaffDoc('Register a supervised firm', ADMIN, 409, 422)
  @ApiBody({ schema: REGISTER_FIRM_SCHEMA as object })
  register(@CurrentStaff() staff: StaffPrincipal, @Body() body: unknown, @AccessRequestOf() request: AccessRequest) {
    return this.admin.register(staff, parseRegisterFirm(body), request);
  }

  @Put(':creditCode/licence-status')
  @Power('licence.change')
  @StaffDoc("Change a firm's licence status (持牌经营 / 暂停业务 / 吊销 / 退出)", ADMIN, 404, 422)
  @ApiBody({ schema: LICENCE_CHANGE_SCHEMA as object })
  changeLicence(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.admin.changeLicence(staff, creditCode, parseLicenceChange(body), request);
  }

  @Get(':creditCode/api-keys')
  @StaffDoc("List a firm's push API keys (never the keys themselves)", ADMIN, 404)
  listKeys(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.admin.listKeys(staff, creditCode, request);
  }

  @Post(':creditCode/api-keys')
  @Power('firm_api_key.issue')
  @Header('cache-control', 'no-store')
  @StaffDoc('Issue (or, for rotation, add) a push API key; the clear key is returned once', ADMIN, 404, 422)
  @ApiBody({ schema: ISSUE_KEY_SCHEMA as object, required: false })
  issueKey(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.admin.issueKey(staff, creditCode, parseIssueKey(body ?? {}), request);
  }

  @Delete(':creditCode/api-keys/:keyId')
  @Power('firm_api_key.revoke')
  @HttpCode(204)
  @StaffDoc('Revoke a push API key (immediately refused afterwards)', ADMIN, 404)
  revokeKey(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Param('keyId') keyId: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.admin.revokeKey(staff, creditCode, keyId, request);
  }
}
