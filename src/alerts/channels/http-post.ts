import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { DeliveryResult } from './alert-channel';

export interface HttpReply {
  status: number;
  text: string;
}

// One keep-alive pool per scheme for every channel: a burst of alerts reuses warm connections to the
// robots, the SMS gateway and push services instead of a TCP (and TLS) handshake per message.
// node:http rather than fetch: fetch costs several times more CPU per request, and at thousands of
// deliveries a second that CPU is the limit. No cap on sockets per origin (as fetch had none): a
// request queued here behind a cap would spend its attempt timeout waiting for a socket, time out
// and retry into the same queue. Idle sockets kept are capped.
const MAX_IDLE_SOCKETS_PER_ORIGIN = 128;
const AGENT_OPTIONS = { keepAlive: true, maxFreeSockets: MAX_IDLE_SOCKETS_PER_ORIGIN, timeout: 60_000 };
const httpAgent = new HttpAgent(AGENT_OPTIONS);
const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

/** POSTs a body with the caller's abort signal; the dispatcher owns timeouts. Redirects are not followed (a 3xx is a failure). */
export function post(url: string, body: string | Uint8Array, headers: Record<string, string>, signal: AbortSignal): Promise<HttpReply> {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  if (!https && target.protocol !== 'http:') return Promise.reject(new Error(`unsupported URL scheme ${target.protocol}`));
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise<HttpReply>((resolve, reject) => {
    const options = { method: 'POST', headers: { ...headers, 'Content-Length': String(payload.byteLength) }, signal, agent: https ? httpsAgent : httpAgent };
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    };
    const req = https ? httpsRequest(target, options, onResponse) : httpRequest(target, options, onResponse);
    req.on('error', reject);
    req.end(payload);
  });
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
