import { ALERT_TIERS, tierRank, type AlertTier } from '../../scoring/grading/alert-tier';
import { targetKey, type ChannelKind, type ChannelTarget } from '../channels/alert-channel';
import type { RoutingConfig } from './routing-config';
import { entriesFor, entryById, type DirectoryEntry, type RoleInRegion } from './staff-directory';

/** A person or office an alert goes to, and which rule put them there. */
export interface Recipient {
  id: string;
  name: string;
  role: DirectoryEntry['role'];
  regionCode: string;
  via: RoleInRegion & { because: 'tier' | 'escalation' };
}

/** One message to send: one target, shared by every recipient behind it (a group robot). */
export interface PlannedDelivery {
  channel: ChannelKind;
  target: ChannelTarget;
  targetKey: string;
  recipientIds: string[];
}

export interface RoutingPlan {
  recipients: Recipient[];
  deliveries: PlannedDelivery[];
  /** Recipients with no address on the tier's channels (the log aside): someone must fix the directory. */
  unreachable: string[];
}

export interface RoutableAlert {
  tier: AlertTier;
  firmRegionCode: string;
  /** Steps of the escalation chain reached so far; each one's role is notified too. */
  escalationLevel: number;
  /** What the alert is about; a cause with a route of its own (routing.yaml causes) goes only there. */
  cause?: { kind: string };
}

/** Resolves an alert against the routing config and the staff directory into deduplicated deliveries. */
export function routeAlert(
  alert: RoutableAlert,
  config: RoutingConfig,
  directory: readonly DirectoryEntry[],
): RoutingPlan {
  const rules = rulesFor(config, alert);
  const recipients = new Map<string, Recipient>();
  for (const rule of rules) {
    for (const entry of entriesFor(directory, rule, alert.firmRegionCode)) {
      if (!recipients.has(entry.id)) {
        recipients.set(entry.id, {
          id: entry.id,
          name: entry.name,
          role: entry.role,
          regionCode: entry.regionCode,
          via: rule,
        });
      }
    }
  }

  const channels = config.tiers[alert.tier].channels;
  const deliveries = new Map<string, PlannedDelivery>();
  const unreachable: string[] = [];
  for (const recipient of recipients.values()) {
    const targets = channels.flatMap((channel) => targetsOf(entryById(directory, recipient.id)!, channel));
    // The log reaches nobody's phone, so a recipient with only the log is unreachable.
    if (targets.every((t) => t.kind === 'log')) unreachable.push(recipient.id);
    for (const target of targets) {
      const key = targetKey(target);
      const planned = deliveries.get(key);
      if (planned) planned.recipientIds.push(recipient.id);
      else deliveries.set(key, { channel: target.kind, target, targetKey: key, recipientIds: [recipient.id] });
    }
  }
  return { recipients: [...recipients.values()], deliveries: [...deliveries.values()], unreachable };
}

type Rule = RoleInRegion & { because: 'tier' | 'escalation' };

// Which roles an alert goes to depends only on its cause's kind, tier and escalation level: worked
// out once per routing config (loaded once, never changed) and combination, not for every alert.
const rulesCache = new WeakMap<RoutingConfig, Map<string, readonly Rule[]>>();

function rulesFor(config: RoutingConfig, alert: RoutableAlert): readonly Rule[] {
  let cache = rulesCache.get(config);
  if (!cache) rulesCache.set(config, (cache = new Map()));
  const key = `${alert.cause?.kind ?? ''}|${alert.tier}|${alert.escalationLevel}`;
  let rules = cache.get(key);
  if (!rules) {
    const own = alert.cause
      ? config.causes?.[alert.cause.kind as keyof NonNullable<RoutingConfig['causes']>]
      : undefined;
    rules = [
      ...(own
        ? own.notify
        : ALERT_TIERS.filter((t) => tierRank(t) <= tierRank(alert.tier)).flatMap((t) => config.tiers[t].notify)
      ).map((r) => ({ ...r, because: 'tier' as const })),
      ...(own?.escalation ?? config.escalation)
        .slice(0, alert.escalationLevel + 1)
        .map((r) => ({ ...r, because: 'escalation' as const })),
    ];
    cache.set(key, rules);
  }
  return rules;
}

function targetsOf(entry: DirectoryEntry, channel: ChannelKind): ChannelTarget[] {
  const c = entry.channels;
  switch (channel) {
    case 'wecom':
      return c.wecomWebhook ? [{ kind: 'wecom', webhook: c.wecomWebhook }] : [];
    case 'dingtalk':
      return c.dingtalk ? [{ kind: 'dingtalk', webhook: c.dingtalk.webhook, secret: c.dingtalk.secret }] : [];
    case 'sms':
      return c.phone ? [{ kind: 'sms', phone: c.phone }] : [];
    case 'webpush':
      return (c.webPushSubscriptions ?? []).map((subscription) => ({ kind: 'webpush', subscription }));
    case 'log':
      return [{ kind: 'log', recipientId: entry.id }];
  }
}
