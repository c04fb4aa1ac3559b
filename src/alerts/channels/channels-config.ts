import { type ChannelRegistry, type RetryPolicy } from './alert-dispatcher';
import type { AlertDestinations } from '../../platform/config/alert-destinations';
import { DingTalkChannel } from './dingtalk.channel';
import { LogChannel } from './log.channel';
import { buildSmsChannel, type SmsProviderConfig } from './sms/sms-provider';
import { WebPushChannel, type WebPushConfig } from './web-push.channel';
import { WeComChannel } from './wecom.channel';

/**
 * What the alerts role needs from the typed app config (platform/config reads the environment;
 * README.md in this folder lists the proposed keys). Robot webhooks and phones are per recipient,
 * in the staff directory, so they are not here.
 */
export interface AlertChannelsConfig {
  /** Base URL of the mobile page; messages link to `<base>/alerts/<id>`. */
  mobileBaseUrl: string;
  /** Group robots are on unless switched off (e.g. a network without internet access). */
  robots: boolean;
  /** The SMS provider (generic gateway, Tencent Cloud or Alibaba Cloud); null: SMS is skipped. */
  sms: SmsProviderConfig | null;
  webPush: WebPushConfig | null;
  retry: RetryPolicy;
  /** Hosts robot webhooks and push endpoints may name. */
  destinations: AlertDestinations;
}

/** The channels this deployment can use; a missing one makes its deliveries 'skipped'. */
export function buildChannels(config: AlertChannelsConfig, now: () => number = Date.now): ChannelRegistry {
  const { robotHosts, pushHosts, testOrigins } = config.destinations;
  const robots = { hosts: robotHosts, testOrigins };
  return {
    log: new LogChannel(),
    ...(config.robots ? { wecom: new WeComChannel(robots), dingtalk: new DingTalkChannel(robots, now) } : {}),
    ...(config.sms ? { sms: buildSmsChannel(config.sms, now) } : {}),
    ...(config.webPush ? { webpush: new WebPushChannel(config.webPush, { hosts: pushHosts, testOrigins }, now) } : {}),
  };
}
