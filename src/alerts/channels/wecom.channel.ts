import type { AlertChannel, DeliveryResult, SendOptions, TargetOf } from './alert-channel';
import { renderMarkdown, renderOnce, type AlertMessage } from './alert-message';
import { networkFailure, postToDestination, robotResult, type AllowedHosts } from './http-post';

// -1 system busy; 45009 over the robot's rate limit (20 messages a minute).
const RETRYABLE_ERRCODES = [-1, 45009];
// WeCom rejects markdown content over 4096 bytes.
const MAX_CONTENT_BYTES = 4096;
const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

/** 企业微信群机器人: POST {msgtype: 'markdown', markdown: {content}} to the group's webhook URL. */
export class WeComChannel implements AlertChannel<'wecom'> {
  readonly kind = 'wecom' as const;

  constructor(private readonly allowed: AllowedHosts) {}

  async send(message: AlertMessage, target: TargetOf<'wecom'>, { signal }: SendOptions): Promise<DeliveryResult> {
    const body = renderOnce(message, this.kind, () =>
      JSON.stringify({ msgtype: 'markdown', markdown: { content: renderMarkdown(message, MAX_CONTENT_BYTES) } }),
    );
    try {
      return robotResult(
        await postToDestination(target.webhook, this.allowed, body, JSON_HEADERS, signal),
        RETRYABLE_ERRCODES,
      );
    } catch (error) {
      return networkFailure(error);
    }
  }
}
