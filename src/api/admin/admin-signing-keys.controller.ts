import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { AccessRequest } from '../auth/access-log.service';
import { CurrentStaff, StaffAuth } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { AccessRequestOf } from '../firms/access-request.decorator';
import { StaffDoc } from '../openapi/api-docs.decorators';
import { AdminSigningKeysService } from './admin-signing-keys.service';
import {
  parseRegisterSigningKey,
  parseSignaturePolicy,
  REGISTER_SIGNING_KEY_SCHEMA,
  SIGNATURE_POLICY_SCHEMA,
} from './signing-keys.dto';

const ADMIN = ['admin'] as const;

/** Firms' signing public keys (签名公钥) and whether their pushes must be signed: admin only. */
@Controller('v1/admin/firms/:creditCode')
@ApiTags('admin')
@StaffAuth(...ADMIN)
export class AdminSigningKeysController {
  constructor(private readonly keys: AdminSigningKeysService) {}

  @Get('signing-keys')
  @StaffDoc("List a firm's signing public keys, revoked ones included", ADMIN, 404)
  list(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.keys.list(staff, creditCode, request);
  }

  @Post('signing-keys')
  @StaffDoc(
    'Register a signing public key (Ed25519 or SM2) with its validity window; an evidence leaf',
    ADMIN,
    404,
    409,
    422,
  )
  @ApiBody({ schema: REGISTER_SIGNING_KEY_SCHEMA as object })
  register(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.keys.register(staff, creditCode, parseRegisterSigningKey(body), request);
  }

  @Delete('signing-keys/:keyId')
  @StaffDoc('Revoke a signing key from now on; signatures made before stay verifiable; an evidence leaf', ADMIN, 404)
  revoke(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Param('keyId') keyId: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.keys.revoke(staff, creditCode, keyId, request);
  }

  @Put('signature-policy')
  @StaffDoc('Require (or stop requiring) signed pushes from the firm', ADMIN, 404, 422)
  @ApiBody({ schema: SIGNATURE_POLICY_SCHEMA as object })
  policy(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.keys.setPolicy(staff, creditCode, parseSignaturePolicy(body).signaturesRequired, request);
  }
}
