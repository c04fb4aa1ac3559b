import { ROLE_SCOPE_LEVEL, roleRegionProblem } from '../../staff/region-scope';
import type { StaffPrincipal } from '../../staff/staff-principal';

/**
 * canSeeRegion as a list filter: the region every visible firm lies within, null for system-wide
 * roles (auditor, admin), 'nothing' when the principal's region does not fit their role (fail closed).
 */
export function visibleRegion(staff: Pick<StaffPrincipal, 'role' | 'regionCode'>): string | null | 'nothing' {
  if (ROLE_SCOPE_LEVEL[staff.role] === null) return null;
  return roleRegionProblem(staff.role, staff.regionCode) ? 'nothing' : staff.regionCode;
}
