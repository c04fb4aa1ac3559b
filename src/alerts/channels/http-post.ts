import { Agent, request } from 'undici';
import type { DeliveryResult } from './alert-channel';

export interface HttpReply {
  status: number;
  text: string;
}

// One keep-alive pool for every channel: a burst of alerts reuses warm connections to the robots,
// the SMS gateway and push services instead of a TCP (and TLS) handshake per message.
// undici's request() rather than node:http or fetch: per request it costs about two thirds of the
// CPU of node:http and a fraction of fetch's, and at thousands of deliveries a second that CPU is the
// limit. No cap on connections per origin: a request queued here behind a cap would spend its
// attempt timeout waiting for a socket, time out and retry into the same queue (the dispatcher caps
// attempts in flight per channel instead). Redirects are not followed: a 3xx is a failure.
const agent = new Agent({ keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });

/** POSTs a body with the caller's abort signal; the dispatcher owns timeouts. */
export async function post(url: string, body: string | Uint8Array, headers: Record<string, string>, signal: AbortSignal): Promise<HttpReply> {
  const protocol = url.slice(0, url.indexOf(':') + 1);
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`unsupported URL scheme ${protocol || url}`);
  const reply = await request(url, { method: 'POST', headers, body, signal, dispatcher: agent });
  return { status: reply.statusCode, text: await reply.body.text() };
}

export function postJson(url: string, payload: unknown, headers: Record<string, string>, signal: AbortSignal): Promise<HttpReply> {
  return postJsonText(url, JSON.stringify(payload), headers, signal);
}

/** A body already serialised as JSON. */
export function postJsonText(url: string, json: string, headers: Record<string, string>, signal: AbortSignal): Promise<HttpReply> {
  return post(url, json, { 'Content-Type': 'application/json; charset=utf-8', ...headers }, signal);
}

/** Non-2xx: throttling and server errors are worth retrying, client errors are not. */
export function httpFailure(reply: HttpReply): DeliveryResult & { ok: false } {
  const retryable = reply.status === 408 || reply.status === 429 || reply.status >= 500;
  return { ok: false, retryable, error: `HTTP ${reply.status}${reply.text ? `: ${reply.text.slice(0, 200)}` : ''}` };
}

/** Network errors and aborts (timeouts) may be transient. */
export function networkFailure(error: unknown): DeliveryResult & { ok: false } {
  const e = error as Error & { cause?: { code?: string } };
  return { ok: false, retryable: true, error: `${e.name ?? 'Error'}: ${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}` };
}

/** Group robots answer HTTP 200 with {errcode, errmsg}; errcode 0 is success. */
export function robotResult(reply: HttpReply, retryableCodes: readonly number[]): DeliveryResult {
  if (reply.status < 200 || reply.status > 299) return httpFailure(reply);
  let parsed: { errcode?: unknown; errmsg?: unknown };
  try {
    parsed = JSON.parse(reply.text) as typeof parsed;
  } catch {
    return { ok: false, retryable: true, error: `unreadable reply: ${reply.text.slice(0, 200)}` };
  }
  if (parsed.errcode === 0) return { ok: true };
  const code = Number(parsed.errcode);
  return { ok: false, retryable: retryableCodes.includes(code), error: `errcode ${String(parsed.errcode)}: ${String(parsed.errmsg ?? '')}` };
}
