import { generateRequestDetails } from 'web-push';
import type { AlertChannel, DeliveryResult, SendOptions, TargetOf } from './alert-channel';
import { renderPushPayload, type AlertMessage } from './alert-message';
import { httpFailure, networkFailure, postToDestination, type AllowedHosts } from './http-post';

export interface WebPushConfig {
  /** VAPID key pair, URL-safe base64 as web-push generates them. */
  vapidPublicKey: string;
  vapidPrivateKey: string;
  /** mailto: or https: contact of the bureau, sent to push services in the VAPID JWT. */
  subject: string;
}

const DEFAULT_TTL_SECONDS = 24 * 3600;

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and an aes128gcm payload (RFC 8291) to the mobile page.
 * web-push encrypts and signs; the request goes out through postToDestination: https to an
 * allow-listed push service on a public address only (a subscription names any URL its browser,
 * or whoever posts it, likes), no redirects, and the reply's body is never read.
 */
export class WebPushChannel implements AlertChannel<'webpush'> {
  readonly kind = 'webpush' as const;

  constructor(
    private readonly config: WebPushConfig,
    private readonly allowed: AllowedHosts,
    private readonly now: () => number = Date.now,
  ) {}

  async send(message: AlertMessage, target: TargetOf<'webpush'>, { signal }: SendOptions): Promise<DeliveryResult> {
    let details: ReturnType<typeof generateRequestDetails>;
    try {
      details = generateRequestDetails(target.subscription, renderPushPayload(message), {
        vapidDetails: {
          subject: this.config.subject,
          publicKey: this.config.vapidPublicKey,
          privateKey: this.config.vapidPrivateKey,
        },
        contentEncoding: 'aes128gcm',
        TTL: this.ttl(message),
        urgency: message.tier === 'red' || message.tier === 'orange' ? 'high' : 'normal',
        // Same topic per alert (a uuid without dashes is exactly the 32-character limit): a newer
        // message replaces an undelivered older one on the push service.
        topic: message.alertId.replace(/[^A-Za-z0-9]/g, '').slice(0, 32) || undefined,
      });
    } catch (error) {
      // A malformed subscription will not get better by retrying.
      return { ok: false, retryable: false, error: `bad subscription: ${(error as Error).message}` };
    }
    const headers = Object.fromEntries(
      Object.entries(details.headers)
        .filter(([k]) => k.toLowerCase() !== 'content-length')
        .map(([k, v]) => [k, String(v)]),
    );
    try {
      const reply = await postToDestination(
        details.endpoint,
        this.allowed,
        details.body ?? new Uint8Array(),
        headers,
        signal,
        { readBody: false },
      );
      if (reply.status >= 200 && reply.status <= 299) return { ok: true };
      // 404/410: the browser unsubscribed; the subscription should be deleted.
      if (reply.status === 404 || reply.status === 410) return { ...httpFailure(reply), retryable: false, gone: true };
      return httpFailure(reply);
    } catch (error) {
      return networkFailure(error);
    }
  }

  /** Undelivered after the acknowledgement deadline, the message is moot (escalation takes over). */
  private ttl(message: AlertMessage): number {
    if (!message.ackDeadline) return DEFAULT_TTL_SECONDS;
    return Math.max(60, Math.ceil((message.ackDeadline.getTime() - this.now()) / 1000));
  }
}
