import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { StaffRole } from '../../staff/staff-role';
import { OutsideRegionScope } from './auth.errors';
import { AuthClock } from './clock';
import { StaffAccessLogEntity, type AccessOutcome } from '../../staff/staff-access-log.entity';
import { canSeeRegion } from '../../staff/region-scope';
import type { StaffPrincipal } from '../../staff/staff-principal';

/** The request being logged; the path is kept without its query string (it may carry personal data). */
export interface AccessRequest {
  method: string;
  path: string;
}

export interface AccessEntry {
  /** Who: a verified principal, or what a login attempt claimed. */
  staff:
    | Pick<StaffPrincipal, 'id' | 'username' | 'role' | 'regionCode'>
    | { id: null; username: string; role: null; regionCode: null };
  request: AccessRequest;
  firmId?: string | null;
  outcome: AccessOutcome;
  reason?: string;
}

/** 访问日志: every login and every look at a firm's data, append-only in the database. */
@Injectable()
export class AccessLogService {
  constructor(
    @InjectRepository(StaffAccessLogEntity) private readonly log: Repository<StaffAccessLogEntity>,
    private readonly clock: AuthClock,
  ) {}

  async record(entry: AccessEntry): Promise<void> {
    await this.log.insert({
      at: this.clock.now(),
      staffId: entry.staff.id,
      username: entry.staff.username?.slice(0, 128) ?? null,
      role: entry.staff.role as StaffRole | null,
      regionCode: entry.staff.regionCode,
      method: entry.request.method,
      path: entry.request.path.split('?')[0].slice(0, 2048),
      firmId: entry.firmId ?? null,
      outcome: entry.outcome,
      reason: entry.reason ?? null,
    });
  }

  /**
   * The one call a controller makes before showing a firm's data: checks the region scope,
   * records the access either way and throws Forbidden when it is outside the scope.
   */
  async authorizeFirmAccess(
    principal: StaffPrincipal,
    firm: { id: string; regionCode: string },
    request: AccessRequest,
  ): Promise<void> {
    const allowed = canSeeRegion(principal, firm.regionCode);
    await this.record({
      staff: principal,
      request,
      firmId: firm.id,
      outcome: allowed ? 'allowed' : 'denied',
      reason: allowed ? undefined : 'region_scope',
    });
    if (!allowed) throw new OutsideRegionScope(firm.regionCode);
  }
}
