import { createHmac } from 'node:crypto';

/**
 * 钉钉群机器人 加签: base64(HMAC-SHA256(key = secret, data = timestamp + "\n" + secret)), with the
 * timestamp in milliseconds. DingTalk rejects a timestamp more than an hour from its clock.
 */
export function dingTalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The webhook URL with `timestamp` and the URL-encoded `sign` appended. */
export function signedDingTalkUrl(webhook: string, secret: string, timestampMs: number): string {
  const url = new URL(webhook);
  url.searchParams.set('timestamp', String(timestampMs));
  url.searchParams.set('sign', dingTalkSign(secret, timestampMs));
  return url.toString();
}
