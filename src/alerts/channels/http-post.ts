import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent, request } from 'undici';
import type { DeliveryResult } from './alert-channel';
import { destinationProblem, isPublicAddress, isTestOrigin } from './destinations';

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
// Staff-typed destinations (robot webhooks, push endpoints) go through this one: every address a
// host name resolves to is checked when the connection is made, so DNS cannot point an allowed
// name at 127.0.0.1 or 169.254.169.254 between the check and the request (DNS rebinding).
const publicAgent = new Agent({
  keepAliveTimeout: 60_000,
  keepAliveMaxTimeout: 600_000,
  connect: { lookup: publicOnlyLookup },
});

/** A destination refused before any byte left: not allowed, or not a public address. Not worth retrying. */
export class DestinationRefused extends Error {
  readonly code = 'ERR_DESTINATION_REFUSED';
}

/** Which hosts a channel may reach, and the loopback origins tests opened. */
export interface AllowedHosts {
  hosts: readonly string[];
  testOrigins: readonly string[];
}

/** POSTs a body with the caller's abort signal; the dispatcher owns timeouts. For operator-configured URLs (the SMS gateway). */
export async function post(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<HttpReply> {
  const protocol = url.slice(0, url.indexOf(':') + 1);
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`unsupported URL scheme ${protocol || url}`);
  const reply = await request(url, { method: 'POST', headers, body, signal, dispatcher: agent });
  return { status: reply.statusCode, text: await reply.body.text() };
}

/**
 * POSTs to a staff-typed destination: https to an allowed host whose addresses are all public, or
 * a test origin. Redirects are not followed. With `readBody` false the reply is drained unread:
 * what an unexpected server answers is never kept (a status code says enough).
 */
export async function postToDestination(
  url: string,
  allowed: AllowedHosts,
  body: string | Uint8Array,
  headers: Record<string, string>,
  signal: AbortSignal,
  readBody = true,
): Promise<HttpReply> {
  const problem = destinationProblem(url, allowed.hosts, allowed.testOrigins);
  if (problem) throw new DestinationRefused(`destination refused: ${problem}`);
  const dispatcher = isTestOrigin(new URL(url), allowed.testOrigins) ? agent : publicAgent;
  const reply = await request(url, { method: 'POST', headers, body, signal, dispatcher });
  if (!readBody) {
    await reply.body.dump();
    return { status: reply.statusCode, text: '' };
  }
  return { status: reply.statusCode, text: await reply.body.text() };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that fails when any address of the name is not public (one bad address taints the name). */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || addresses.length === 0)
      return callback(new DestinationRefused(`destination refused: ${hostname} resolves to a non-public address`), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

export function postJson(
  url: string,
  payload: unknown,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<HttpReply> {
  return postJsonText(url, JSON.stringify(payload), headers, signal);
}

/** A body already serialised as JSON. */
export function postJsonText(
  url: string,
  json: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<HttpReply> {
  return post(url, json, { 'Content-Type': 'application/json; charset=utf-8', ...headers }, signal);
}

/**
 * Non-2xx: throttling and server errors are worth retrying, client errors are not. The error names
 * the status in our own words, never the reply's body: delivery rows are evidence that staff read.
 */
export function httpFailure(reply: HttpReply): DeliveryResult & { ok: false } {
  const retryable = reply.status === 408 || reply.status === 429 || reply.status >= 500;
  return { ok: false, retryable, error: `HTTP ${reply.status} (${statusReason(reply.status)})` };
}

function statusReason(status: number): string {
  if (status >= 300 && status < 400) return 'redirect, not followed';
  if (status === 401 || status === 403) return 'credentials refused';
  if (status === 404 || status === 410) return 'address gone';
  if (status === 408 || status === 429) return 'busy, will retry';
  if (status === 413) return 'message too large';
  if (status >= 500) return 'server error';
  return 'request refused';
}

/** Network errors and aborts (timeouts) may be transient; a refused destination is not. */
export function networkFailure(error: unknown): DeliveryResult & { ok: false } {
  const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
  if (e instanceof DestinationRefused) return { ok: false, retryable: false, error: e.message };
  if (e.cause instanceof DestinationRefused)
    return { ok: false, retryable: false, error: e.cause.message ?? 'destination refused' };
  return {
    ok: false,
    retryable: true,
    error: `${e.name ?? 'Error'}: ${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}`,
  };
}

/** Group robots answer HTTP 200 with {errcode, errmsg}; errcode 0 is success. */
export function robotResult(reply: HttpReply, retryableCodes: readonly number[]): DeliveryResult {
  if (reply.status < 200 || reply.status > 299) return httpFailure(reply);
  let parsed: { errcode?: unknown; errmsg?: unknown };
  try {
    parsed = JSON.parse(reply.text) as typeof parsed;
  } catch {
    return { ok: false, retryable: true, error: "unreadable reply (not the robot API's JSON)" };
  }
  if (parsed.errcode === 0) return { ok: true };
  const code = Number(parsed.errcode);
  // The robot API's own short message (allow-listed hosts only), cut and on one line.
  const errmsg = String(parsed.errmsg ?? '')
    .replace(/\s+/g, ' ')
    .slice(0, 100);
  return {
    ok: false,
    retryable: retryableCodes.includes(code),
    error: `errcode ${Number.isFinite(code) ? code : 'missing'}: ${errmsg}`,
  };
}
