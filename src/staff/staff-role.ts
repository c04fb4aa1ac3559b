// 监管人员角色: who works in the bureau's systems. Staff log in (RBAC by role and region); the region
// each role may hold is in region-scope.ts.

export const STAFF_ROLES = [
  'analyst', // 分析员: bureau analyst, reads scores and alerts
  'county_officer', // 属地监管员: case officer of the firm's county, first responder
  'section_head', // 科长: head of the supervision section
  'deputy_head', // 分管副局长: deputy bureau head in charge
  'bureau_head', // 局长: bureau head
  'province', // 省级地方金融管理局: provincial bureau staff
  'auditor', // 审计/纪检: reads everything, acts on nothing
  'admin', // 系统管理员
  'discipline_inspector', // 纪检监察: reads traces, indicators and integrity alerts of its region; acts on nothing
  'model_owner', // 模型负责人: answers for the distress model; gets its drift and calibration alerts
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Roles that read and never act on supervisory data. */
export function isReadOnlyRole(role: StaffRole): boolean {
  return role === 'auditor' || role === 'discipline_inspector';
}

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}
