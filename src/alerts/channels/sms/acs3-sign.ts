// ACS3-HMAC-SHA256, Alibaba Cloud API signature V3 (V3版本请求体&签名机制).
import { createHash, createHmac } from 'node:crypto';

export interface Acs3Request {
  accessKeyId: string;
  accessKeySecret: string;
  method: 'GET' | 'POST';
  /** The Host header as sent, e.g. 'dysmsapi.aliyuncs.com'. */
  host: string;
  /** x-acs-action and x-acs-version: the API, e.g. SendSms 2017-05-25. */
  action: string;
  version: string;
  /** Query parameters (RPC-style APIs take their parameters here). */
  query: Readonly<Record<string, string>>;
  /** The exact body bytes sent ('' for none). */
  body: string;
  /** x-acs-date, ISO 8601 UTC without milliseconds, e.g. 2023-10-26T10:22:32Z. */
  date: string;
  /** x-acs-signature-nonce, unique per request (replay protection). */
  nonce: string;
}

export interface Acs3Signature {
  /** Every header to send, Authorization included. */
  headers: Record<string, string>;
  /** The canonical query string, to send as the URL's query exactly. */
  queryString: string;
  canonicalRequest: string;
  signature: string;
}

/** RFC 3986 percent-encoding as the V3 mechanism asks: only A-Z a-z 0-9 - _ . ~ stay as they are. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function signAcs3(r: Acs3Request): Acs3Signature {
  const queryString = Object.keys(r.query)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(r.query[k])}`)
    .join('&');
  const hashedBody = sha256Hex(r.body);
  const signedValues: Record<string, string> = {
    host: r.host,
    'x-acs-action': r.action,
    'x-acs-content-sha256': hashedBody,
    'x-acs-date': r.date,
    'x-acs-signature-nonce': r.nonce,
    'x-acs-version': r.version,
  };
  const names = Object.keys(signedValues).sort();
  const signedHeaders = names.join(';');
  const canonicalHeaders = names.map((n) => `${n}:${signedValues[n].trim()}\n`).join('');
  const canonicalRequest = [r.method, '/', queryString, canonicalHeaders, signedHeaders, hashedBody].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', r.accessKeySecret).update(stringToSign, 'utf8').digest('hex');
  const { host: _host, ...rest } = signedValues;
  return {
    headers: {
      ...rest,
      Authorization: `ACS3-HMAC-SHA256 Credential=${r.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`,
    },
    queryString,
    canonicalRequest,
    signature,
  };
}
