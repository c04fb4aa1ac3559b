import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent, type Dispatcher } from 'undici';
import type { DeliveryResult } from './alert-channel';
import type { AttemptSignal } from './attempt-signal';
import { destinationProblem, isPublicAddress, isTestOrigin } from './destinations';

export interface HttpReply {
  status: number;
  text: string;
}

// One keep-alive pool for every channel: a burst of alerts reuses warm connections to the robots,
// the SMS gateway and push services instead of a TCP (and TLS) handshake per message.
// Requests go through undici's dispatch() with a small handler rather than request(), fetch or
// node:http: request() wraps each reply in a Readable stream and an async resource, and the
// AbortSignal it listens on costs as much again; dispatch() with a handler costs about a third of
// request() per message, and at thousands of deliveries a second that CPU is the limit.
// No cap on connections per origin: a request queued here behind a cap would spend its attempt
// timeout waiting for a socket, time out and retry into the same queue (the dispatcher caps
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

/** Where one request goes: an origin, a path with its query, and the pool that may connect there. */
interface Target {
  origin: string;
  path: string;
  dispatcher: Dispatcher;
}

// Staff-typed URLs seen before, parsed and checked once: the same robots get every alert of their county, and
// a check is a function of the URL and the allow-list alone (addresses are checked at connect time).
// Bounded, as staff can type in any number of URLs; emptied when full.
const MAX_CACHED_URLS = 10_000;
const destinations = new WeakMap<AllowedHosts, Map<string, Target | DestinationRefused>>();

function remember<V>(cache: Map<string, V>, url: string, value: V): V {
  if (cache.size >= MAX_CACHED_URLS) cache.clear();
  cache.set(url, value);
  return value;
}

function targetOf(url: URL, dispatcher: Dispatcher): Target {
  return { origin: url.origin, path: `${url.pathname}${url.search}`, dispatcher };
}

/** POSTs a body; `signal` ends the attempt (the dispatcher owns timeouts). For operator-configured URLs (the SMS gateway). */
export function post(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
  signal: AttemptSignal,
): Promise<HttpReply> {
  // Not cached: the signed SMS APIs put a fresh signature in the query of every request.
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return Promise.reject(new Error(`unsupported URL scheme ${parsed.protocol}`));
  const target = targetOf(parsed, agent);
  return send(target, target.path, body, headers, signal, true);
}

export interface DestinationOptions {
  /** false: the reply is drained unread (what an unexpected server answers is never kept; a status code says enough). */
  readBody?: boolean;
  /** Query parameters appended after the check, e.g. a DingTalk signature (`timestamp=…&sign=…`), already encoded. */
  query?: string;
}

/**
 * POSTs to a staff-typed destination: https to an allowed host whose addresses are all public, or
 * a test origin. Redirects are not followed.
 */
export function postToDestination(
  url: string,
  allowed: AllowedHosts,
  body: string | Uint8Array,
  headers: Record<string, string>,
  signal: AttemptSignal,
  { readBody = true, query }: DestinationOptions = {},
): Promise<HttpReply> {
  const target = checkedDestination(url, allowed);
  if (target instanceof DestinationRefused) return Promise.reject(target);
  const path = query ? `${target.path}${target.path.includes('?') ? '&' : '?'}${query}` : target.path;
  return send(target, path, body, headers, signal, readBody);
}

function checkedDestination(url: string, allowed: AllowedHosts): Target | DestinationRefused {
  let cache = destinations.get(allowed);
  if (!cache) destinations.set(allowed, (cache = new Map()));
  const known = cache.get(url);
  if (known) return known;
  const problem = destinationProblem(url, allowed.hosts, allowed.testOrigins);
  if (problem) return remember(cache, url, new DestinationRefused(`destination refused: ${problem}`));
  const parsed = new URL(url);
  return remember(cache, url, targetOf(parsed, isTestOrigin(parsed, allowed.testOrigins) ? agent : publicAgent));
}

/** One POST through undici's dispatch(): the reply's status and (when read) its body as text. */
function send(
  target: Target,
  path: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
  signal: AttemptSignal,
  readBody: boolean,
): Promise<HttpReply> {
  return new Promise<HttpReply>((resolve, reject) => {
    if (signal.reason) return reject(signal.reason);
    target.dispatcher.dispatch(
      { origin: target.origin, path, method: 'POST', headers, body },
      new ReplyHandler(signal, readBody, resolve, reject),
    );
  });
}

/** Collects one reply; a class rather than closures, as there is one per message. */
class ReplyHandler implements Dispatcher.DispatchHandler {
  private status = 0;
  private readonly chunks: Buffer[] = [];
  private controller: Dispatcher.DispatchController | undefined;
  // Aborted before undici handed the request a connection: it is aborted as soon as it gets one.
  private abortedEarly: Error | undefined;
  private readonly stopListening: () => void;

  constructor(
    signal: AttemptSignal,
    private readonly readBody: boolean,
    private readonly resolve: (reply: HttpReply) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.stopListening = signal.onAbort((reason) => {
      if (this.controller) this.controller.abort(reason);
      else this.abortedEarly = reason;
      reject(reason);
    });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.abortedEarly) controller.abort(this.abortedEarly);
    else this.controller = controller;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.readBody) this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.stopListening();
    this.resolve({ status: this.status, text: this.readBody ? Buffer.concat(this.chunks).toString('utf8') : '' });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.stopListening();
    this.reject(error);
  }
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
  signal: AttemptSignal,
): Promise<HttpReply> {
  return postJsonText(url, JSON.stringify(payload), headers, signal);
}

/** A body already serialised as JSON. */
export function postJsonText(
  url: string,
  json: string,
  headers: Record<string, string>,
  signal: AttemptSignal,
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

// What WeCom and DingTalk robots answer when the message went out.
const ROBOT_OK = '{"errcode":0,"errmsg":"ok"}';

/** Group robots answer HTTP 200 with {errcode, errmsg}; errcode 0 is success. */
export function robotResult(reply: HttpReply, retryableCodes: readonly number[]): DeliveryResult {
  if (reply.status < 200 || reply.status > 299) return httpFailure(reply);
  if (reply.text === ROBOT_OK) return { ok: true }; // the common answer, without a JSON.parse
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
