import type { StaffRole } from './staff-role';
import { regionCodeProblem, regionLevel, regionWithin, type RegionLevel } from '../firms/region-code';
import type { StaffPrincipal } from './staff-principal';

// 数据权限: which firms' data a staff member may see, by role and region (README.md has the matrix).
// Pure: no I/O, no Nest.

/** The level of region a role is responsible for; null: the whole system (auditor, admin). */
export const ROLE_SCOPE_LEVEL: Readonly<Record<StaffRole, RegionLevel | null>> = {
  county_officer: 'county',
  analyst: 'city',
  section_head: 'city',
  deputy_head: 'city',
  bureau_head: 'city',
  province: 'province',
  auditor: null,
  admin: null,
  discipline_inspector: 'city',
  model_owner: 'city',
};

/** Why a role cannot hold a region code, or null when it can. */
export function roleRegionProblem(role: StaffRole, regionCode: string): string | null {
  const problem = regionCodeProblem(regionCode);
  if (problem) return `region code ${problem}`;
  const level = ROLE_SCOPE_LEVEL[role];
  if (level && regionLevel(regionCode) !== level)
    return `a ${role} is responsible for a ${level}, but ${regionCode} is a ${regionLevel(regionCode)}`;
  return null;
}

/**
 * True when the principal may see data of a firm in `regionCode`. Fails closed: a principal
 * whose region does not fit their role (a county officer holding a city code) sees nothing.
 */
export function canSeeRegion(principal: Pick<StaffPrincipal, 'role' | 'regionCode'>, regionCode: string): boolean {
  if (regionCodeProblem(regionCode)) return false;
  if (ROLE_SCOPE_LEVEL[principal.role] === null) return true;
  if (roleRegionProblem(principal.role, principal.regionCode)) return false;
  return regionWithin(regionCode, principal.regionCode);
}
