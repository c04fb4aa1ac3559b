import { maskUrlQuery, type ChannelKind } from '../channels/alert-channel';

/** A row of the contact list as stored, less the DingTalk secret (the query only says whether one is set). */
export interface ContactRecord {
  /** staff_users.id for a staff member, staff_contacts.id for an office: the id routing uses. */
  id: string;
  kind: 'staff' | 'office';
  name: string;
  role: string;
  regionCode: string;
  /** The contact's own switch (absent row: true); routing also skips disabled accounts. */
  active: boolean;
  /** Staff only: the account is disabled, so routing skips it whatever `active` says. */
  disabled?: boolean;
  phone: string | null;
  wecomWebhook: string | null;
  dingtalkWebhook: string | null;
  dingtalkSecretSet: boolean;
  /** Staff only: the mobile page has at least one Web Push subscription. */
  webPush?: boolean;
}

/** What an administrator sees: credentials masked, the DingTalk secret never. */
export interface ContactView extends Omit<ContactRecord, 'webPush'> {
  /** The channels routing can use for this entry. */
  channels: ChannelKind[];
}

export function contactView(record: ContactRecord): ContactView {
  const { webPush, ...rest } = record;
  const channels: ChannelKind[] = [];
  if (record.wecomWebhook) channels.push('wecom');
  // Routing needs both halves of a DingTalk robot (alerts-directory.service.ts load()).
  if (record.dingtalkWebhook && record.dingtalkSecretSet) channels.push('dingtalk');
  if (record.phone) channels.push('sms');
  if (webPush) channels.push('webpush');
  return {
    ...rest,
    phone: record.phone === null ? null : maskPhone(record.phone),
    wecomWebhook: record.wecomWebhook === null ? null : maskUrlQuery(record.wecomWebhook),
    dingtalkWebhook: record.dingtalkWebhook === null ? null : maskUrlQuery(record.dingtalkWebhook),
    channels,
  };
}

/**
 * 138****0001: the first 3 and last 4 digits, enough to recognise a number, not to call it. Numbers
 * shorter than any valid one (written by code, not the admin route) keep only their last 2.
 */
export function maskPhone(phone: string): string {
  if (phone.length >= 10) return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
  if (phone.length >= 6) return `${'*'.repeat(phone.length - 2)}${phone.slice(-2)}`;
  return '*'.repeat(phone.length);
}
