import type { AlertMessage } from './alert-message';
import type { AttemptSignal } from './attempt-signal';
import type { PushSubscriptionJson } from '../routing/staff-directory';

export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'sms', 'webpush', 'log'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** One concrete address on one channel. */
export type ChannelTarget =
  | { kind: 'wecom'; webhook: string }
  | { kind: 'dingtalk'; webhook: string; secret: string }
  | { kind: 'sms'; phone: string }
  | { kind: 'webpush'; subscription: PushSubscriptionJson }
  | { kind: 'log'; recipientId: string };

export type TargetOf<K extends ChannelKind> = Extract<ChannelTarget, { kind: K }>;

/** What one attempt on one target gave. Channels return failures rather than throw them. */
export type DeliveryResult =
  | { ok: true; providerMessageId?: string }
  | {
      ok: false;
      /** Worth another attempt: 5xx, 429, network error, provider "busy". */
      retryable: boolean;
      error: string;
      /** The address is gone for good (Web Push 404/410): the subscription should be deleted. */
      gone?: boolean;
    };

export interface SendOptions {
  /** Aborted when the dispatcher's per-attempt timeout fires. */
  signal: AttemptSignal;
}

export interface AlertChannel<K extends ChannelKind = ChannelKind> {
  readonly kind: K;
  send(message: AlertMessage, target: TargetOf<K>, options: SendOptions): Promise<DeliveryResult>;
}

/** Dedup key of a target: two recipients in one WeCom group get one robot message. */
export function targetKey(target: ChannelTarget): string {
  switch (target.kind) {
    case 'wecom':
      return `wecom:${target.webhook}`;
    case 'dingtalk':
      return `dingtalk:${target.webhook}`;
    case 'sms':
      return `sms:${target.phone}`;
    case 'webpush':
      return `webpush:${target.subscription.endpoint}`;
    case 'log':
      return `log:${target.recipientId}`;
  }
}

/** A target key without secrets, for logs and stored delivery rows (webhook keys and tokens are credentials). */
export function maskedTargetKey(target: ChannelTarget): string {
  switch (target.kind) {
    case 'wecom':
    case 'dingtalk':
      return `${target.kind}:${maskUrlQuery(target.webhook)}`;
    case 'sms':
      return `sms:${target.phone.replace(/\d(?=\d{4})/g, '*')}`;
    case 'webpush':
      // Push endpoints are capability URLs: keep the push service and a short tail only.
      return `webpush:${target.subscription.endpoint.replace(/^(https?:\/\/[^/]+).*(.{8})$/, '$1/…$2')}`;
    case 'log':
      return targetKey(target);
  }
}

/**
 * A robot webhook URL with its whole query string (and fragment) replaced by ****: the WeCom `key`
 * and DingTalk `access_token` are credentials, and so may be any other parameter a gateway uses.
 */
export function maskUrlQuery(url: string): string {
  return url.replace(/[?#].*$/s, '?****');
}
