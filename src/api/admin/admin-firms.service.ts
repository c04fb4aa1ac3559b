import { Injectable } from '@nestjs/common';
import type { FirmInput } from '../../firms/firm-input';
import { FirmsService } from '../../firms/firms.service';
import { FirmApiKeysService, type ApiKeyView } from '../../ingest/keys/firm-api-keys.service';
import { NotFound } from '../../platform/errors/domain-error';
import type { AccessRequest } from '../auth/access-log.service';
import { AccessLogService } from '../auth/access-log.service';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { FirmAccess } from '../firms/firm-access.service';
import { summary, type FirmSummary } from '../firms/firm-directory.service';
import type { IssueKeyDto, LicenceChangeDto } from './admin.dto';

export interface IssuedKey {
  id: string;
  /** The clear key: shown this once, never stored (only its hash is). */
  key: string;
  label: string;
  firmCreditCode: string;
  rotation: string;
}

/** 系统管理: registering firms, their licence status and their push API keys. Every action is logged. */
@Injectable()
export class AdminFirmsService {
  constructor(
    private readonly firms: FirmsService,
    private readonly keys: FirmApiKeysService,
    private readonly access: FirmAccess,
    private readonly accessLog: AccessLogService,
  ) {}

  async register(staff: StaffPrincipal, input: FirmInput, request: AccessRequest): Promise<FirmSummary> {
    const firm = await this.firms.register(input);
    await this.accessLog.record({ staff, request, firmId: firm.id, outcome: 'allowed', reason: 'firm_registered' });
    return summary(firm);
  }

  async changeLicence(
    staff: StaffPrincipal,
    creditCode: string,
    change: LicenceChangeDto,
    request: AccessRequest,
  ): Promise<FirmSummary> {
    await this.access.open(staff, creditCode, request);
    return summary(await this.firms.changeLicenceStatus(creditCode, change.licenceStatus));
  }

  async listKeys(staff: StaffPrincipal, creditCode: string, request: AccessRequest): Promise<ApiKeyView[]> {
    const firm = await this.access.open(staff, creditCode, request);
    return this.keys.list(firm.id);
  }

  /** Issues a key. Rotation: issue a new key, move the senders to it, then revoke the old one. */
  async issueKey(
    staff: StaffPrincipal,
    creditCode: string,
    dto: IssueKeyDto,
    request: AccessRequest,
  ): Promise<IssuedKey> {
    const firm = await this.access.open(staff, creditCode, request);
    const label = dto.label?.trim() ?? '';
    const { id, key } = await this.keys.rotate(firm.id, label);
    return {
      id,
      key,
      label,
      firmCreditCode: firm.creditCode,
      rotation:
        'older keys stay valid until revoked (DELETE .../api-keys/{keyId}), so senders can switch without losing a push',
    };
  }

  async revokeKey(staff: StaffPrincipal, creditCode: string, keyId: string, request: AccessRequest): Promise<void> {
    const firm = await this.access.open(staff, creditCode, request);
    const revoked = /^[0-9a-f-]{36}$/i.test(keyId) && (await this.keys.revoke(firm.id, keyId));
    if (!revoked) throw new NotFound(`firm ${creditCode} has no unrevoked API key ${keyId}`);
  }
}
