import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { AgencyApiKeysService } from '../../ingest/keys/agency-api-keys.service';
import { NotFound } from '../../platform/errors/domain-error';
import { StaffAuth } from '../auth/staff-auth.decorators';
import { StaffDoc } from '../openapi/api-docs.decorators';
import { ISSUE_AGENCY_KEY_SCHEMA, parseIssueAgencyKey } from './admin-agencies.dto';
import { Power } from '../cage/power.decorator';

const ADMIN = ['admin'] as const;

/** Government agencies' feed API keys, each scoped to feed kinds: admin only. */
@Controller('v1/admin/agency-keys')
@ApiTags('admin')
@StaffAuth(...ADMIN)
export class AdminAgenciesController {
  constructor(private readonly keys: AgencyApiKeysService) {}

  @Get()
  @StaffDoc("List the agencies' feed API keys with their kinds (never the keys themselves)", ADMIN)
  list() {
    return this.keys.list();
  }

  @Post()
  @Power('agency_api_key.issue')
  @Header('cache-control', 'no-store')
  @StaffDoc('Issue a feed API key for an agency, scoped to feed kinds; the clear key is returned once', ADMIN, 422)
  @ApiBody({ schema: ISSUE_AGENCY_KEY_SCHEMA as object })
  issue(@Body() body: unknown) {
    return this.keys.issue(parseIssueAgencyKey(body));
  }

  @Delete(':keyId')
  @Power('agency_api_key.revoke')
  @HttpCode(204)
  @StaffDoc("Revoke an agency's feed API key (refused at once afterwards)", ADMIN, 404)
  async revoke(@Param('keyId') keyId: string): Promise<void> {
    if (!(await this.keys.revoke(keyId))) throw new NotFound(`no unrevoked agency API key ${keyId}`);
  }
}
