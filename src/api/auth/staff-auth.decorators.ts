import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import type { StaffRole } from '../../staff/staff-role';
import { Unauthorized } from './auth.errors';
import { StaffAuthGuard, type StaffRequest } from './staff-auth.guard';
import { PUBLIC_ROUTE_KEY, STAFF_ROLES_KEY } from './staff-auth.metadata';

/** Only these roles may call the route (or every route of the controller). */
export const StaffRoles = (...roles: StaffRole[]) => SetMetadata(STAFF_ROLES_KEY, roles);

/** No staff token needed: health, metrics, the firms' API-key push, the token endpoint itself. */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE_KEY, true);

/** Guards a route or controller with a staff token, optionally limited to roles. */
export const StaffAuth = (...roles: StaffRole[]) =>
  applyDecorators(UseGuards(StaffAuthGuard), ...(roles.length ? [StaffRoles(...roles)] : []));

/** The verified StaffPrincipal of the request; the route must be behind StaffAuthGuard. */
export const CurrentStaff = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const staff = context.switchToHttp().getRequest<StaffRequest>().staff;
  if (!staff) throw new Unauthorized('this route needs a staff token, but no StaffAuthGuard ran');
  return staff;
});
