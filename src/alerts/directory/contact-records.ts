import type { ContactRecord } from './contact-view';

// The contact list as administrators see it: one row per staff user (LEFT JOIN: a user without a
// contact row is listed too) and one per office. The DingTalk secret stays in the database; only
// whether it is set comes out. Callers append WHERE / ORDER BY on `d`.
export const CONTACT_RECORDS_SQL = `SELECT d.* FROM (
  SELECT 'staff' AS kind, u.id::text AS id, u.display_name AS name, u.role::text AS role, u.region_code, COALESCE(c.active, true) AS active, u.disabled,
         c.phone, c.wecom_webhook, c.dingtalk_webhook, c.dingtalk_secret IS NOT NULL AS dingtalk_secret_set,
         EXISTS (SELECT 1 FROM push_subscriptions p WHERE p.staff_id = u.id::text) AS web_push
    FROM staff_users u LEFT JOIN staff_contacts c ON c.staff_id = u.id
  UNION ALL
  SELECT 'office', c.id::text, c.name, c.office_role, c.region_code, c.active, NULL,
         c.phone, c.wecom_webhook, c.dingtalk_webhook, c.dingtalk_secret IS NOT NULL, NULL
    FROM staff_contacts c WHERE c.staff_id IS NULL
) d`;

export interface ContactRow {
  kind: 'staff' | 'office';
  id: string;
  name: string;
  role: string;
  region_code: string;
  active: boolean;
  disabled: boolean | null;
  phone: string | null;
  wecom_webhook: string | null;
  dingtalk_webhook: string | null;
  dingtalk_secret_set: boolean;
  web_push: boolean | null;
}

export function contactRecord(r: ContactRow): ContactRecord {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    role: r.role,
    regionCode: r.region_code,
    active: r.active,
    ...(r.kind === 'staff' ? { disabled: r.disabled ?? false, webPush: r.web_push ?? false } : {}),
    phone: r.phone,
    wecomWebhook: r.wecom_webhook,
    dingtalkWebhook: r.dingtalk_webhook,
    dingtalkSecretSet: r.dingtalk_secret_set,
  };
}
