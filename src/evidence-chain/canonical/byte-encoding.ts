// Hex and base64 without Buffer, so the verifier runs outside node too. Decoders are strict:
// a receipt whose encoding is off should fail with that reason, not decode to something else.

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Accepts either case: CometBFT prints upper-case hex, we print lower-case. */
export function fromHex(hex: string): Uint8Array {
  if (!HEX.test(hex))
    throw new TypeError(`not an even-length hex string: '${hex.slice(0, 16)}${hex.length > 16 ? '...' : ''}'`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  if (!BASE64.test(text)) throw new TypeError('not padded base64');
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** RFC 4648 section 5 without padding: no '=', '+' or '/' - safe inside a kvstore `key=value` tx. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!BASE64URL.test(text) || text.length % 4 === 1) throw new TypeError('not unpadded base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return fromBase64(padded);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
