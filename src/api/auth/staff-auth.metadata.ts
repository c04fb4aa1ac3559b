// Route metadata read by StaffAuthGuard and set by the decorators in staff-auth.decorators.ts.
export const STAFF_ROLES_KEY = 'auth:staffRoles';
export const PUBLIC_ROUTE_KEY = 'auth:publicRoute';
