// Who works with alerts. Staff log in (RBAC by role and region); organisation units are recipients
// only: a group robot or a duty phone of another office.

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

export const ORGANISATION_ROLES = [
  'county_office', // 区县金融办 (county/district finance office)
  'district_government', // 区县人民政府
  'city_government', // 市人民政府
  'police_econ_crime', // 公安经侦 (police economic-crime unit)
] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

/** Anyone an alert can be routed to. */
export type RecipientRole = StaffRole | OrganisationRole;
export const RECIPIENT_ROLES: readonly RecipientRole[] = [...STAFF_ROLES, ...ORGANISATION_ROLES];

export const ROLE_NAMES: Readonly<Record<RecipientRole, string>> = {
  analyst: '分析员',
  county_officer: '属地监管员',
  section_head: '科长',
  deputy_head: '分管副局长',
  bureau_head: '局长',
  province: '省级监管局',
  auditor: '审计',
  admin: '系统管理员',
  discipline_inspector: '纪检监察',
  model_owner: '模型负责人',
  county_office: '区县金融办',
  district_government: '区县政府',
  city_government: '市政府',
  police_econ_crime: '公安经侦',
};

/** Roles that read and never act on supervisory data. */
export function isReadOnlyRole(role: StaffRole): boolean {
  return role === 'auditor' || role === 'discipline_inspector';
}

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}
