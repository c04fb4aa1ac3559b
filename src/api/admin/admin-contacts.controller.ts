import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { AlertsDirectoryService } from '../../alerts/directory/alerts-directory.service';
import type { ContactView } from '../../alerts/directory/contact-view';
import { AccessLogService, type AccessRequest } from '../auth/access-log.service';
import { CurrentStaff, StaffAuth } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { AccessRequestOf } from '../firms/access-request.decorator';
import { StaffDoc } from '../openapi/api-docs.decorators';
import { CONTACT_ADDRESSES_SCHEMA, OFFICE_SCHEMA, parseContactAddresses, parseOffice } from './admin-contacts.dto';
import { Power } from '../cage/power.decorator';

const ADMIN = ['admin'] as const;

/**
 * 通讯录: how alerts reach staff members and offices that do not log in. Admin only; answers never
 * carry a credential in full (phones and webhook keys masked, DingTalk secrets not at all), and
 * every change is in the access log.
 */
@Controller('v1/admin')
@ApiTags('admin')
@StaffAuth(...ADMIN)
export class AdminContactsController {
  constructor(
    private readonly directory: AlertsDirectoryService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get('contacts')
  @StaffDoc('Who alerts reach: every staff user with their addresses, and every office (masked)', ADMIN)
  async list() {
    return { items: await this.directory.listContacts() };
  }

  @Put('staff/:id/contact')
  @Power('contact.change')
  @StaffDoc('Set how a staff user is reached (full replacement: an absent or null address is cleared)', ADMIN, 404, 422)
  @ApiBody({ schema: CONTACT_ADDRESSES_SCHEMA as object })
  async setStaffContact(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id') id: string,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.logged(
      staff,
      request,
      'staff_contact_set',
      await this.directory.setStaffContact(id, parseContactAddresses(body)),
    );
  }

  @Post('offices')
  @Power('contact.change')
  @StaffDoc('Add an office that is notified but does not log in (区县金融办, 市政府总值班室, 公安经侦)', ADMIN, 422)
  @ApiBody({ schema: OFFICE_SCHEMA as object })
  async addOffice(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.logged(
      staff,
      request,
      'office_added',
      await this.directory.contact(await this.directory.addOffice(parseOffice(body))),
    );
  }

  @Put('offices/:id')
  @Power('contact.change')
  @StaffDoc("Replace an office's name, role, region and addresses", ADMIN, 404, 422)
  @ApiBody({ schema: OFFICE_SCHEMA as object })
  async updateOffice(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id') id: string,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.logged(staff, request, 'office_updated', await this.directory.updateOffice(id, parseOffice(body)));
  }

  // Who did what, with the path; never the addresses (they are credentials).
  private async logged(
    staff: StaffPrincipal,
    request: AccessRequest,
    reason: string,
    contact: ContactView,
  ): Promise<ContactView> {
    await this.accessLog.record({ staff, request, outcome: 'allowed', reason });
    return contact;
  }
}
