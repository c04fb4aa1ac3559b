import type { StaffPrincipal } from '../staff/staff-principal';

/** Who reads or acts on alerts: a verified staff principal. */
export type AlertViewer = Pick<StaffPrincipal, 'id' | 'displayName' | 'role' | 'regionCode'>;
