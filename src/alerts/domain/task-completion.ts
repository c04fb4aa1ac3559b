import { canSeeRegion } from '../../staff/region-scope';
import { isReadOnlyRole, type StaffRole } from '../../staff/staff-role';
import type { RecipientRole } from './recipient-role';

// Who may complete a contingency-plan task (处置任务): its owner, or an official more senior than
// the owner's role whose region covers the firm (a deputy head signs off a section head's report).
// Pure: no I/O.

/**
 * Seniority in the bureau's chain of command. Bodies outside the bureau rank where the bureau deals
 * with them: a county's finance office or government like its case officer, the police through
 * the section head, the city government at the bureau head. Auditors and admins are not in it:
 * they never complete on someone else's behalf.
 */
const RANK: Readonly<Partial<Record<RecipientRole, number>>> = {
  county_officer: 1,
  analyst: 1,
  county_office: 1,
  district_government: 1,
  section_head: 2,
  police_econ_crime: 2,
  deputy_head: 3,
  bureau_head: 4,
  city_government: 4,
  province: 5,
};

/** The task as stored: its owner role and region, and the officials who held that role when the plan opened. */
export interface TaskOwnership {
  ownerRole: string;
  ownerRegionCode: string;
  ownerStaffIds: readonly string[];
}

export interface TaskCompleter {
  id: string;
  role: StaffRole;
  regionCode: string;
}

/**
 * The owner (listed when the plan opened, or now holding the owner role for the owner's region)
 * or a more senior official who can see the firm's region. Auditors never.
 */
export function mayCompleteTask(who: TaskCompleter, task: TaskOwnership, firmRegionCode: string): boolean {
  if (isReadOnlyRole(who.role)) return false;
  if (task.ownerStaffIds.includes(who.id)) return true;
  if (who.role === task.ownerRole && who.regionCode === task.ownerRegionCode) return true;
  const mine = RANK[who.role];
  const owners = RANK[task.ownerRole as RecipientRole];
  return mine !== undefined && owners !== undefined && mine > owners && canSeeRegion(who, firmRegionCode);
}
