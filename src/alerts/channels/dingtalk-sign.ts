import { createHmac } from 'node:crypto';

/**
 * 钉钉群机器人 加签: base64(HMAC-SHA256(key = secret, data = timestamp + "\n" + secret)), with the
 * timestamp in milliseconds. DingTalk rejects a timestamp more than an hour from its clock.
 */
export function dingTalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** `timestamp=…&sign=…` (the sign URL-encoded), to append to the webhook's query. */
export function dingTalkSignatureQuery(secret: string, timestampMs: number): string {
  return `timestamp=${timestampMs}&sign=${encodeURIComponent(dingTalkSign(secret, timestampMs))}`;
}

// Within one second every message to a robot carries the same timestamp and sign, made once: an
// HMAC per message was a tenth of the sender's CPU per alert. DingTalk accepts a timestamp up to an
// hour off, so one rounded down to the second is as good. Bounded by the number of secrets.
const MAX_SECRETS = 10_000;

/** `dingTalkSignatureQuery` for the start of the current second, made once per secret and second. */
export class DingTalkSigner {
  private readonly bySecret = new Map<string, { second: number; query: string }>();

  query(secret: string, nowMs: number): string {
    const second = Math.floor(nowMs / 1000);
    const known = this.bySecret.get(secret);
    if (known?.second === second) return known.query;
    if (this.bySecret.size >= MAX_SECRETS) this.bySecret.clear();
    const query = dingTalkSignatureQuery(secret, second * 1000);
    this.bySecret.set(secret, { second, query });
    return query;
  }
}

/** The webhook without a timestamp or sign of its own (a pasted signed URL): each send appends fresh ones. */
export function unsignedWebhook(webhook: string): string {
  if (!/[?&](timestamp|sign)=/.test(webhook)) return webhook;
  const url = new URL(webhook);
  url.searchParams.delete('timestamp');
  url.searchParams.delete('sign');
  return url.toString();
}

/** The webhook URL with `timestamp` and the URL-encoded `sign` appended. */
export function signedDingTalkUrl(webhook: string, secret: string, timestampMs: number): string {
  const base = unsignedWebhook(webhook);
  return `${base}${base.includes('?') ? '&' : '?'}${dingTalkSignatureQuery(secret, timestampMs)}`;
}
