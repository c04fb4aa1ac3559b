// TC3-HMAC-SHA256, Tencent Cloud API signature v3 (签名方法 v3), for JSON POST requests.
import { createHash, createHmac } from 'node:crypto';

export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** Product, e.g. 'sms' or 'cvm'; part of the credential scope. */
  service: string;
  /** The Host header as sent, e.g. 'sms.tencentcloudapi.com'. */
  host: string;
  /** Unix seconds; the UTC date of it is part of the scope, and Tencent refuses stale ones. */
  timestamp: number;
  /** The exact body bytes sent. */
  payload: string;
  contentType?: string;
}

export interface Tc3Signature {
  authorization: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string): Buffer => createHmac('sha256', key).update(text, 'utf8').digest();

/** Signs a POST to `/` with headers content-type and host, as Tencent's SDKs do. */
export function signTc3(r: Tc3Request): Tc3Signature {
  const contentType = r.contentType ?? 'application/json; charset=utf-8';
  const date = new Date(r.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = 'content-type;host';
  const canonicalRequest = [
    'POST',
    '/',
    '',
    `content-type:${contentType}\nhost:${r.host}\n`,
    signedHeaders,
    sha256Hex(r.payload),
  ].join('\n');
  const scope = `${date}/${r.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(r.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const signing = hmac(hmac(hmac(`TC3${r.secretKey}`, date), r.service), 'tc3_request');
  const signature = createHmac('sha256', signing).update(stringToSign, 'utf8').digest('hex');
  return {
    authorization: `TC3-HMAC-SHA256 Credential=${r.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    canonicalRequest,
    stringToSign,
    signature,
  };
}
