import { Injectable } from '@nestjs/common';
import { SigningKeysService, SigningKeyView } from '../../ingest/signing/signing-keys.service';
import { ValidationFailed } from '../../platform/errors/domain-error';
import type { AccessRequest } from '../auth/access-log.service';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { FirmAccess } from '../firms/firm-access.service';
import type { RegisterSigningKeyDto } from './signing-keys.dto';

/** 系统管理 of firms' signing keys: each call opens the firm through the logged, scoped door. */
@Injectable()
export class AdminSigningKeysService {
  constructor(
    private readonly access: FirmAccess,
    private readonly keys: SigningKeysService,
  ) {}

  async list(
    staff: StaffPrincipal,
    creditCode: string,
    request: AccessRequest,
  ): Promise<{ signaturesRequired: boolean; keys: SigningKeyView[] }> {
    const firm = await this.access.open(staff, creditCode, request);
    return { signaturesRequired: await this.keys.signaturesRequired(firm.id), keys: await this.keys.list(firm.id) };
  }

  async register(
    staff: StaffPrincipal,
    creditCode: string,
    dto: RegisterSigningKeyDto,
    request: AccessRequest,
  ): Promise<SigningKeyView> {
    const firm = await this.access.open(staff, creditCode, request);
    for (const field of ['validFrom', 'validUntil'] as const) {
      if (dto[field] && Number.isNaN(Date.parse(dto[field])))
        throw new ValidationFailed(`${field} is not a date`, [
          { pointer: `/${field}`, detail: 'is not a valid RFC 3339 date-time' },
        ]);
    }
    return this.keys.register(firm.id, {
      keyId: dto.keyId,
      algorithm: dto.algorithm,
      publicKey: Buffer.from(dto.publicKey, 'hex'),
      label: dto.label,
      validFrom: dto.validFrom ? new Date(dto.validFrom) : undefined,
      validUntil: dto.validUntil ? new Date(dto.validUntil) : undefined,
    });
  }

  async revoke(
    staff: StaffPrincipal,
    creditCode: string,
    keyId: string,
    request: AccessRequest,
  ): Promise<SigningKeyView> {
    const firm = await this.access.open(staff, creditCode, request);
    return this.keys.revoke(firm.id, keyId);
  }

  async setPolicy(
    staff: StaffPrincipal,
    creditCode: string,
    required: boolean,
    request: AccessRequest,
  ): Promise<{ signaturesRequired: boolean }> {
    const firm = await this.access.open(staff, creditCode, request);
    return this.keys.setPolicy(firm.id, required);
  }
}
