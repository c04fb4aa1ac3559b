import type { AlertChannel, DeliveryResult, SendOptions, TargetOf } from './alert-channel';
import { renderMarkdown, renderOnce, renderTitle, type AlertMessage } from './alert-message';
import { DingTalkSigner, unsignedWebhook } from './dingtalk-sign';
import { networkFailure, postToDestination, robotResult, type AllowedHosts } from './http-post';

// -1 system busy; 130101 sending too fast (20 messages a minute per robot).
const RETRYABLE_ERRCODES = [-1, 130101];
const MAX_TEXT_BYTES = 16_000;
const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

/** 钉钉群机器人 with 加签: POST {msgtype: 'markdown', markdown: {title, text}} to the signed webhook URL. */
export class DingTalkChannel implements AlertChannel<'dingtalk'> {
  readonly kind = 'dingtalk' as const;
  private readonly signer = new DingTalkSigner();

  constructor(
    private readonly allowed: AllowedHosts,
    private readonly now: () => number = Date.now,
  ) {}

  async send(message: AlertMessage, target: TargetOf<'dingtalk'>, { signal }: SendOptions): Promise<DeliveryResult> {
    const body = renderOnce(message, this.kind, () =>
      JSON.stringify({
        msgtype: 'markdown',
        markdown: { title: renderTitle(message), text: renderMarkdown(message, MAX_TEXT_BYTES) },
      }),
    );
    try {
      // The webhook is checked as stored; the signature is appended after the check, fresh per
      // attempt (at most a second old): a retry an hour later would carry an expired timestamp otherwise.
      const query = this.signer.query(target.secret, this.now());
      const reply = await postToDestination(unsignedWebhook(target.webhook), this.allowed, body, JSON_HEADERS, signal, {
        query,
      });
      return robotResult(reply, RETRYABLE_ERRCODES);
    } catch (error) {
      return networkFailure(error);
    }
  }
}
