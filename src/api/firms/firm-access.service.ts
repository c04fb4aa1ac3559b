import { Injectable } from '@nestjs/common';
import type { FirmEntity } from '../../firms/firm.entity';
import { FirmNotFound } from '../../firms/firms.errors';
import { FirmsService } from '../../firms/firms.service';
import { AccessLogService, type AccessRequest } from '../auth/access-log.service';
import { OutsideRegionScope } from '../auth/auth.errors';
import type { StaffPrincipal } from '../../staff/staff-principal';

/** The one door to a firm's data for staff: region-checked and logged (访问日志) either way. */
@Injectable()
export class FirmAccess {
  constructor(
    private readonly firms: FirmsService,
    private readonly accessLog: AccessLogService,
  ) {}

  /**
   * The firm, when the caller's region scope covers it. A firm outside the scope answers exactly
   * like a missing one (404), so a county officer cannot probe which firms exist elsewhere; the
   * access log still records the refusal.
   */
  async open(staff: StaffPrincipal, creditCode: string, request: AccessRequest): Promise<FirmEntity> {
    const firm = await this.firms.byCreditCode(creditCode);
    try {
      await this.accessLog.authorizeFirmAccess(staff, firm, request);
    } catch (error) {
      if (error instanceof OutsideRegionScope) throw new FirmNotFound(creditCode);
      throw error;
    }
    return firm;
  }
}
