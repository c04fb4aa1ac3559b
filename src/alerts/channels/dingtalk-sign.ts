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
