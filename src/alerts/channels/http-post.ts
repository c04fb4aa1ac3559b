import type { DeliveryResult } from './alert-channel';

export interface HttpReply {
  status: number;
  text: string;
}

/** POSTs a body with the caller's abort signal; the dispatcher owns timeouts. */
export async function post(url: string, body: string | Uint8Array, headers: Record<string, string>, signal: AbortSignal): Promise<HttpReply> {
  const res = await fetch(url, { method: 'POST', headers, body, signal, redirect: 'error' });
  return { status: res.status, text: await res.text() };
}

export function postJson(url: string, payload: unknown, headers: Record<string, string>, signal: AbortSignal): Promise<HttpReply> {
  return post(url, JSON.stringify(payload), { 'Content-Type': 'application/json; charset=utf-8', ...headers }, signal);
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
