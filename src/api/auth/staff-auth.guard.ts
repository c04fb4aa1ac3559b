import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { StaffRole } from '../../staff/staff-role';
import { AccessLogService } from './access-log.service';
import { RoleNotAllowed, Unauthorized } from './auth.errors';
import { PUBLIC_ROUTE_KEY, STAFF_ROLES_KEY } from './staff-auth.metadata';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { StaffTokenVerifier } from './staff-token-verifier';

/** An HTTP request after StaffAuthGuard: the verified principal rides along. */
export interface StaffRequest extends Request {
  staff?: StaffPrincipal;
}

/**
 * Requires `Authorization: Bearer <token>` (ours or the external OIDC issuer's) unless the route
 * is @PublicRoute(); checks @StaffRoles(). Works per controller (@UseGuards / @StaffAuth) or
 * globally (APP_GUARD); a second run on the same request reuses the first verification.
 */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: StaffTokenVerifier,
    private readonly accessLog: AccessLogService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<StaffRequest>();
    if (!request.staff) {
      // A token outlives nothing: an account disabled or reset since it was issued is refused now, not at expiry.
      request.staff = await this.tokens.principalOf(bearerToken(request));
    }
    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(STAFF_ROLES_KEY, targets);
    if (roles?.length && !roles.includes(request.staff.role)) {
      await this.accessLog.record({
        staff: request.staff,
        request: { method: request.method, path: request.originalUrl },
        outcome: 'denied',
        reason: 'role',
      });
      throw new RoleNotAllowed(request.staff.role, roles);
    }
    return true;
  }
}

function bearerToken(request: Request): string {
  const header = request.headers.authorization;
  if (!header)
    throw new Unauthorized('missing staff token: send Authorization: Bearer <token> (POST /v1/auth/token issues one)');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new Unauthorized('the Authorization header must be "Bearer <token>"');
  return match[1];
}
