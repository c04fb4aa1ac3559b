import { STAFF_ROLES, type StaffRole } from '../../staff/staff-role';

// Who alerts are routed to: staff roles, and organisation units that are recipients only (a group
// robot or a duty phone of another office).

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
