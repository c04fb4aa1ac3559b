import { ROLE_SCOPE_LEVEL, roleRegionProblem } from './region-scope';
import type { StaffPrincipal } from './staff-principal';
import { regionLevel } from '../firms/region-code';

/**
 * canSeeRegion (region-scope.ts) as a SQL condition on a region_code column: 'TRUE' for
 * system-wide roles, 'FALSE' when the principal's region does not fit their role (fail closed),
 * else a LIKE on the GB/T 2260 prefix of their county, city or province.
 */
export function regionScopeSql(
  viewer: Pick<StaffPrincipal, 'role' | 'regionCode'>,
  column: string,
  params: unknown[],
): string {
  if (ROLE_SCOPE_LEVEL[viewer.role] === null) return 'TRUE';
  if (roleRegionProblem(viewer.role, viewer.regionCode)) return 'FALSE';
  return regionPrefixSql(viewer.regionCode, column, params);
}

/** Rows whose region lies within `scope` (a county, city or province code). */
export function regionPrefixSql(scope: string, column: string, params: unknown[]): string {
  const level = regionLevel(scope);
  params.push(level === 'county' ? scope : level === 'city' ? `${scope.slice(0, 4)}%` : `${scope.slice(0, 2)}%`);
  return level === 'county' ? `${column} = $${params.length}` : `${column} LIKE $${params.length}`;
}
