import { regionAncestors, regionLevel, type RegionLevel } from '../../firms/region-code';
import type { RecipientRole } from '../domain/recipient-role';

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
export function entriesFor(
  directory: readonly DirectoryEntry[],
  wanted: RoleInRegion,
  firmRegionCode: string,
): readonly DirectoryEntry[] {
  return indexOf(directory).active.get(roleRegionKey(wanted.role, regionAt(firmRegionCode, wanted.level))) ?? [];
}

/** The entry with this id, if any. */
export function entryById(directory: readonly DirectoryEntry[], id: string): DirectoryEntry | undefined {
  return indexOf(directory).byId.get(id);
}

interface DirectoryIndex {
  /** role + region -> active entries, in directory order. */
  active: Map<string, DirectoryEntry[]>;
  byId: Map<string, DirectoryEntry>;
}

// Routing every alert by scanning the whole directory costs more than the rest of routing at
// thousands of alerts a second; a directory (one loaded snapshot, never changed afterwards) is
// indexed once, on first use.
const indexes = new WeakMap<readonly DirectoryEntry[], DirectoryIndex>();

function indexOf(directory: readonly DirectoryEntry[]): DirectoryIndex {
  let index = indexes.get(directory);
  if (!index) {
    index = { active: new Map(), byId: new Map() };
    for (const e of directory) {
      index.byId.set(e.id, e);
      if (e.active === false) continue;
      const key = roleRegionKey(e.role, e.regionCode);
      const list = index.active.get(key);
      if (list) list.push(e);
      else index.active.set(key, [e]);
    }
    indexes.set(directory, index);
  }
  return index;
}

function roleRegionKey(role: RecipientRole, regionCode: string): string {
  return `${role}@${regionCode}`;
}
