import { regionAncestors, regionLevel, type RegionLevel } from '../../firms/region-code';
import type { RecipientRole } from '../domain/staff-role';

/** A browser's PushSubscription as JSON (PushSubscription.toJSON()), from the mobile page. */
export interface PushSubscriptionJson {
  endpoint: string;
  expirationTime?: number | null;
  keys: { p256dh: string; auth: string };
}

/** Where a person or office can be reached. All optional: routing uses what is there. */
export interface ChannelAddresses {
  /** 企业微信群机器人 webhook URL (…/cgi-bin/webhook/send?key=…). */
  wecomWebhook?: string;
  /** 钉钉群机器人: webhook URL (…/robot/send?access_token=…) and its signing secret (SEC…). */
  dingtalk?: { webhook: string; secret: string };
  /** Mobile number for the SMS gateway. */
  phone?: string;
  webPushSubscriptions?: PushSubscriptionJson[];
}

/** One person or office in the staff directory (通讯录). */
export interface DirectoryEntry {
  id: string;
  name: string;
  role: RecipientRole;
  /** 行政区划代码 (GB/T 2260) of the region the entry is responsible for. */
  regionCode: string;
  channels: ChannelAddresses;
  /** false for someone who left or is on leave; they are not routed to. Default true. */
  active?: boolean;
}

/** A role at a level of the firm's region: "the section head of the firm's city". */
export interface RoleInRegion {
  role: RecipientRole;
  level: RegionLevel;
}

/**
 * The firm's region at a level: its county, city or province code. A firm registered at city level
 * has no county, so its "county" is the city itself.
 */
export function regionAt(firmRegionCode: string, level: RegionLevel): string {
  const chain = regionAncestors(firmRegionCode);
  return chain.find((code) => regionLevel(code) === level) ?? chain[0];
}

/** Active entries holding `role` for exactly the firm's region at `level` (another county's officer is not). */
export function entriesFor(directory: readonly DirectoryEntry[], wanted: RoleInRegion, firmRegionCode: string): DirectoryEntry[] {
  const region = regionAt(firmRegionCode, wanted.level);
  return directory.filter((e) => e.active !== false && e.role === wanted.role && e.regionCode === region);
}
