import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { AccessLogService, type AccessRequest } from '../auth/access-log.service';
import { CurrentStaff, StaffAuth } from '../auth/staff-auth.decorators';
import { StaffDirectoryService, type StaffProfile } from '../../staff/staff-directory.service';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { AccessRequestOf } from '../firms/access-request.decorator';
import { StaffDoc } from '../openapi/api-docs.decorators';
import { NEW_STAFF_SCHEMA, parseNewStaff, parsePasswordReset, PASSWORD_RESET_SCHEMA } from './admin-staff.dto';
import { Power } from '../cage/power.decorator';

const ADMIN = ['admin'] as const;

/**
 * The built-in user store (内置用户库): accounts, disabling and password resets, admin only. With an
 * external OIDC issuer, staff are managed there instead. Every change is in the access log.
 */
@Controller('v1/admin/staff')
@ApiTags('admin')
@StaffAuth(...ADMIN)
export class AdminStaffController {
  constructor(
    private readonly directory: StaffDirectoryService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get()
  @StaffDoc('Staff accounts of the built-in store (never password hashes)', ADMIN)
  async list() {
    return { items: await this.directory.list() };
  }

  @Post()
  @Power('staff.create')
  @StaffDoc('Create a staff account with a role and region scope', ADMIN, 409, 422)
  @ApiBody({ schema: NEW_STAFF_SCHEMA as object })
  async create(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.logged(staff, request, 'staff_created', await this.directory.create(parseNewStaff(body)));
  }

  @Post(':id/disable')
  @Power('staff.disable')
  @HttpCode(200)
  @StaffDoc('Disable an account: it cannot sign in and its tokens are refused at once', ADMIN, 404)
  async disable(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id') id: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.logged(staff, request, 'staff_disabled', await this.directory.setDisabled(id, true));
  }

  @Post(':id/enable')
  @Power('staff.enable')
  @HttpCode(200)
  @StaffDoc('Enable a disabled account again', ADMIN, 404)
  async enable(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id') id: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.logged(staff, request, 'staff_enabled', await this.directory.setDisabled(id, false));
  }

  @Put(':id/password')
  @Power('staff.password_reset')
  @StaffDoc('Set a new password (and lift a lockout)', ADMIN, 404, 422)
  @ApiBody({ schema: PASSWORD_RESET_SCHEMA as object })
  async resetPassword(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id') id: string,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.logged(
      staff,
      request,
      'password_reset',
      await this.directory.resetPassword(id, parsePasswordReset(body).password),
    );
  }

  private async logged(
    staff: StaffPrincipal,
    request: AccessRequest,
    reason: string,
    profile: StaffProfile,
  ): Promise<StaffProfile> {
    await this.accessLog.record({ staff, request, outcome: 'allowed', reason });
    return profile;
  }
}
