import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha256';
import { DingTalkSigner, dingTalkSign, signedDingTalkUrl } from './dingtalk-sign';

// Computed here independently of node:crypto, from DingTalk's documented algorithm:
// sign = urlEncode(base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret))).
function expectedSign(secret: string, timestamp: number): string {
  const enc = new TextEncoder();
  return Buffer.from(hmac(sha256, enc.encode(secret), enc.encode(`${timestamp}\n${secret}`))).toString('base64');
}

describe('DingTalk robot signing (加签)', () => {
  const secret = 'SEC4d6f1c2e9b7a0c3d5e8f1a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3';
  const timestamp = 1_749_175_200_123;

  it('should sign timestamp + newline + secret with HMAC-SHA256 keyed by the secret, in base64', () => {
    expect(dingTalkSign(secret, timestamp)).toBe(expectedSign(secret, timestamp));
  });

  it('should append timestamp and the URL-encoded sign to the webhook, keeping the access token', () => {
    const url = signedDingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', secret, timestamp);
    const encoded = encodeURIComponent(expectedSign(secret, timestamp));
    expect(url).toBe(`https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=${timestamp}&sign=${encoded}`);
  });

  it('should replace a timestamp and sign the stored webhook already carries', () => {
    const url = signedDingTalkUrl(
      'https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1&sign=stale',
      secret,
      timestamp,
    );
    const params = new URL(url).searchParams;
    expect(params.getAll('timestamp')).toEqual([String(timestamp)]);
    expect(params.getAll('sign')).toEqual([expectedSign(secret, timestamp)]);
    expect(params.get('access_token')).toBe('abc');
  });

  it('should percent-encode the base64 characters + / =', () => {
    // Find a timestamp whose signature has a '+' or '/' to pin the encoding.
    let ts = timestamp;
    while (!/[+/]/.test(expectedSign(secret, ts))) ts++;
    const sign = new URL(
      signedDingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', secret, ts),
    ).search.split('sign=')[1];
    expect(sign).not.toMatch(/[+/=]/);
    expect(decodeURIComponent(sign)).toBe(expectedSign(secret, ts));
  });

  it('should sign once per secret and second, with the timestamp of the second', () => {
    const signer = new DingTalkSigner();
    const second = 1_749_175_200_000;
    const first = signer.query(secret, second + 123);
    expect(first).toBe(`timestamp=${second}&sign=${encodeURIComponent(expectedSign(secret, second))}`);
    expect(signer.query(secret, second + 999)).toBe(first);
    expect(signer.query('SECother', second + 500)).toBe(
      `timestamp=${second}&sign=${encodeURIComponent(expectedSign('SECother', second))}`,
    );
    expect(signer.query(secret, second + 1000)).toBe(
      `timestamp=${second + 1000}&sign=${encodeURIComponent(expectedSign(secret, second + 1000))}`,
    );
  });
});
