// Local stand-ins for the outside services alerts talk to, on 127.0.0.1. Each checks requests the way
// the real service documents it and records what it accepted, so a test can assert on content.
import {
  createDecipheriv,
  createECDH,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
  type ECDH,
} from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importJWK, jwtVerify, type JWTPayload } from 'jose';
import type { PushSubscriptionJson } from '../../src/alerts/routing/staff-directory';
import {
  DEFAULT_PUSH_HOSTS,
  DEFAULT_ROBOT_HOSTS,
  type AlertDestinations,
} from '../../src/platform/config/alert-destinations';

/** The production allow-lists, with the local receivers' loopback origin opened explicitly. */
export const TEST_DESTINATIONS: AlertDestinations = {
  robotHosts: DEFAULT_ROBOT_HOSTS,
  pushHosts: DEFAULT_PUSH_HOSTS,
  testOrigins: ['http://127.0.0.1'],
};
/** The same for a service under test, as its environment says it. */
export const TEST_ORIGINS_ENV = { ALERTS_TEST_ORIGINS: 'http://127.0.0.1' };

export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Reply = { status: number; json?: unknown } | 'hang';

export interface Receiver<T = unknown> {
  /** Base URL, http://127.0.0.1:<port>. */
  url: string;
  requests: ReceivedRequest[];
  /** What the receiver accepted, decoded. */
  accepted: T[];
  close(): Promise<void>;
}

/** A receiver answering each request with `handle`; 'hang' never answers. */
export async function startReceiver<T>(
  handle: (req: ReceivedRequest, accept: (item: T) => void) => Promise<Reply> | Reply,
): Promise<Receiver<T>> {
  const requests: ReceivedRequest[] = [];
  const accepted: T[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(received);
      Promise.resolve()
        .then(() => handle(received, (item) => accepted.push(item)))
        .then((reply) => reply !== 'hang' && send(res, reply.status, reply.json))
        .catch((error: Error) => send(res, 500, { error: error.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // hanging requests too
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, json: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(json === undefined ? '' : JSON.stringify(json));
}

function jsonBody(req: ReceivedRequest): Record<string, unknown> | null {
  if (!String(req.headers['content-type']).startsWith('application/json')) return null;
  try {
    return JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const query = (req: ReceivedRequest) => new URL(req.url, 'http://x').searchParams;

/** 企业微信群机器人: POST /cgi-bin/webhook/send?key=… {msgtype:'markdown', markdown:{content ≤ 4096 bytes}}. */
export function startWeComReceiver(): Promise<Receiver<{ key: string; content: string }>> {
  return startReceiver((req, accept) => {
    const body = jsonBody(req);
    const key = query(req).get('key');
    const markdown = body?.markdown as { content?: unknown } | undefined;
    if (req.method !== 'POST' || !req.url.startsWith('/cgi-bin/webhook/send') || !key)
      return { status: 200, json: { errcode: 93000, errmsg: 'invalid webhook url' } };
    if (body?.msgtype !== 'markdown' || typeof markdown?.content !== 'string' || markdown.content === '')
      return { status: 200, json: { errcode: 40008, errmsg: 'invalid message type' } };
    if (Buffer.byteLength(markdown.content) > 4096)
      return { status: 200, json: { errcode: 40058, errmsg: 'content exceed max length' } };
    accept({ key, content: markdown.content });
    return { status: 200, json: { errcode: 0, errmsg: 'ok' } };
  });
}

/** 钉钉群机器人 with 加签: checks access_token, a timestamp within an hour and sign = base64(HMAC-SHA256). */
export function startDingTalkReceiver(secret: string): Promise<Receiver<{ title: string; text: string }>> {
  return startReceiver((req, accept) => {
    const q = query(req);
    const timestamp = Number(q.get('timestamp'));
    const sign = Buffer.from(q.get('sign') ?? '', 'base64');
    const expected = createHmac('sha256', secret)
      .update(`${q.get('timestamp')}\n${secret}`)
      .digest();
    if (!req.url.startsWith('/robot/send') || !q.get('access_token'))
      return { status: 200, json: { errcode: 300001, errmsg: 'token is not exist' } };
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() - timestamp) > 3600_000)
      return { status: 200, json: { errcode: 310000, errmsg: 'invalid timestamp' } };
    if (sign.length !== expected.length || !timingSafeEqual(sign, expected))
      return { status: 200, json: { errcode: 310000, errmsg: 'sign not match' } };
    const body = jsonBody(req);
    const markdown = body?.markdown as { title?: unknown; text?: unknown } | undefined;
    if (body?.msgtype !== 'markdown' || typeof markdown?.title !== 'string' || typeof markdown.text !== 'string')
      return { status: 200, json: { errcode: 40035, errmsg: 'missing markdown' } };
    accept({ title: markdown.title, text: markdown.text });
    return { status: 200, json: { errcode: 0, errmsg: 'ok' } };
  });
}

/** Generic SMS gateway: POST JSON {templateId, phone, params} with the API key in a header. */
export function startSmsReceiver(options: {
  apiKey: string;
  header: string;
  templateId: string;
}): Promise<Receiver<{ phone: string; params: Record<string, string> }>> {
  return startReceiver((req, accept) => {
    if (req.headers[options.header.toLowerCase()] !== options.apiKey)
      return { status: 401, json: { error: 'bad api key' } };
    const body = jsonBody(req);
    const params = body?.params as Record<string, unknown> | undefined;
    if (body?.templateId !== options.templateId)
      return { status: 400, json: { error: `unknown template ${String(body?.templateId)}` } };
    if (typeof body.phone !== 'string' || !/^\d{11,12}$/.test(body.phone))
      return { status: 400, json: { error: 'bad phone' } };
    if (!params || Object.values(params).some((v) => typeof v !== 'string'))
      return { status: 400, json: { error: 'params must be strings' } };
    accept({ phone: body.phone, params: params as Record<string, string> });
    return { status: 200, json: { messageId: `sms-${randomBytes(4).toString('hex')}` } };
  });
}

/** A browser's side of a push subscription: a P-256 key pair and a 16-byte auth secret. */
export interface BrowserSubscription {
  subscription: PushSubscriptionJson;
  ecdh: ECDH;
  authSecret: Buffer;
}

export function createBrowserSubscription(endpoint: string): BrowserSubscription {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return {
    subscription: {
      endpoint,
      expirationTime: null,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') },
    },
    ecdh,
    authSecret,
  };
}

const hkdf = (salt: Buffer, ikm: Buffer, info: Buffer, length: number) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, length));

/** RFC 8291 (with RFC 8188 aes128gcm framing) decryption, as the browser does it. Single record. */
export function decryptWebPush(body: Buffer, browser: Pick<BrowserSubscription, 'ecdh' | 'authSecret'>): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20];
  const serverPublic = body.subarray(21, 21 + idLength); // keyid = the application server's ephemeral public key
  const record = body.subarray(21 + idLength);
  if (idLength !== 65 || record.length > recordSize) throw new Error('unexpected aes128gcm header');

  const userPublic = browser.ecdh.getPublicKey();
  const ecdhSecret = browser.ecdh.computeSecret(serverPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), userPublic, serverPublic]);
  const ikm = hkdf(browser.authSecret, ecdhSecret, keyInfo, 32);
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);

  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('missing last-record delimiter');
  return padded.subarray(0, end);
}

/** Checks `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292) and returns the verified claims. */
export async function verifyVapid(
  authorization: string | undefined,
  vapidPublicKey: string,
  audience: string,
): Promise<JWTPayload> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) throw new Error(`not a VAPID authorization: ${authorization}`);
  const [, token, k] = match;
  if (k !== vapidPublicKey) throw new Error('VAPID k is not the expected public key');
  const raw = Buffer.from(k, 'base64url');
  const key = await importJWK(
    {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33, 65).toString('base64url'),
    },
    'ES256',
  );
  const { payload } = await jwtVerify(token, key, { algorithms: ['ES256'], audience });
  if (!payload.exp || payload.exp > Date.now() / 1000 + 24 * 3600) throw new Error('VAPID exp must be within 24 h');
  if (typeof payload.sub !== 'string' || !/^(mailto:|https:)/.test(payload.sub))
    throw new Error('VAPID sub must be mailto: or https:');
  return payload;
}

/** A push service for one subscription: verifies VAPID, decrypts the payload, answers 201. */
export function startWebPushReceiver(
  browser: () => BrowserSubscription,
  vapidPublicKey: string,
): Promise<Receiver<{ payload: unknown; vapid: JWTPayload; headers: IncomingHttpHeaders }>> {
  let origin = '';
  const receiver = startReceiver<{ payload: unknown; vapid: JWTPayload; headers: IncomingHttpHeaders }>(
    async (req, accept) => {
      if (req.headers['content-encoding'] !== 'aes128gcm' || !req.headers.ttl)
        return { status: 400, json: { error: 'needs Content-Encoding: aes128gcm and TTL' } };
      let vapid: JWTPayload;
      try {
        vapid = await verifyVapid(req.headers.authorization, vapidPublicKey, origin);
      } catch (error) {
        return { status: 403, json: { error: (error as Error).message } };
      }
      const payload = JSON.parse(decryptWebPush(req.body, browser()).toString('utf8')) as unknown;
      accept({ payload, vapid, headers: req.headers });
      return { status: 201 };
    },
  );
  return receiver.then((r) => {
    origin = r.url;
    return r;
  });
}

/** Answers HTTP 500 `failures` times, then succeeds as a WeCom robot would. */
export function startFlakyReceiver(failures: number): Promise<Receiver> {
  let seen = 0;
  return startReceiver(() =>
    ++seen <= failures
      ? { status: 500, json: { error: 'temporarily broken' } }
      : { status: 200, json: { errcode: 0, errmsg: 'ok' } },
  );
}

export function startFailingReceiver(): Promise<Receiver> {
  return startReceiver(() => ({ status: 500, json: { error: 'always broken' } }));
}

/** Accepts the request and never answers. */
export function startHangingReceiver(): Promise<Receiver> {
  return startReceiver(() => 'hang');
}
