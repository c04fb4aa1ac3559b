import type { StaffRole } from './staff-role';

/** Who is calling, as proven by a verified token. */
export interface StaffPrincipal {
  /** staff_users.id for our own tokens; the `sub` of an external OIDC token. */
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  /** 行政区划代码 GB/T 2260 of the staff member's region scope. */
  regionCode: string;
  /** Which issuer vouched for the principal. */
  issuer: 'local' | 'oidc';
}
