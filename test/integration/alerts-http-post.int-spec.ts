import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AttemptSignal } from '../../src/alerts/channels/attempt-signal';
import { DestinationRefused, post, postToDestination } from '../../src/alerts/channels/http-post';
import { TEST_DESTINATIONS } from '../support/alerts-receivers';

// The HTTP client under the channels (undici dispatch with our own handler), against a local server
// that records what arrived and whether the request was dropped.
describe('alert HTTP posts', () => {
  const allowed = { hosts: TEST_DESTINATIONS.robotHosts, testOrigins: TEST_DESTINATIONS.testOrigins };
  const arrived: Array<{ url: string; body: string }> = [];
  const dropped: string[] = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        arrived.push({ url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
        if (req.url?.startsWith('/hang')) {
          res.on('close', () => dropped.push(req.url ?? ''));
          return;
        }
        res.writeHead(req.url?.startsWith('/gone') ? 410 : 200, { 'Content-Type': 'application/json' });
        res.end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    arrived.length = 0;
    dropped.length = 0;
  });

  it('should post the body and return the status and the reply as text', async () => {
    const reply = await postToDestination(`${base}/send?key=k`, allowed, '{"a":"中文"}', {}, new AttemptSignal());
    expect(reply).toEqual({ status: 200, text: '{"errcode":0,"errmsg":"ok"}' });
    expect(arrived).toEqual([{ url: '/send?key=k', body: '{"a":"中文"}' }]);
  });

  it('should append a query after the check, and leave the reply unread when asked', async () => {
    const reply = await postToDestination(`${base}/gone?access_token=t`, allowed, '{}', {}, new AttemptSignal(), {
      readBody: false,
      query: 'timestamp=1&sign=a%2Bb',
    });
    expect(reply).toEqual({ status: 410, text: '' });
    expect(arrived[0].url).toBe('/gone?access_token=t&timestamp=1&sign=a%2Bb');
  });

  it('should drop a request that gets no answer when its attempt is aborted', async () => {
    const signal = new AttemptSignal();
    const sent = postToDestination(`${base}/hang`, allowed, '{}', {}, signal);
    await waitUntil(() => arrived.length === 1);
    signal.abort(new Error('no answer within 50 ms'));
    await expect(sent).rejects.toThrow('no answer within 50 ms');
    await waitUntil(() => dropped.length === 1);
    expect(dropped).toEqual(['/hang']);
  });

  it('should send nothing for an attempt aborted before it started', async () => {
    const signal = new AttemptSignal();
    signal.abort(new Error('too late'));
    await expect(post(`${base}/send`, '{}', {}, signal)).rejects.toThrow('too late');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(arrived).toEqual([]);
  });

  it('should refuse a destination off the allow-list without connecting, every time it is asked', async () => {
    for (let i = 0; i < 2; i++) {
      await expect(
        postToDestination('https://evil.example/hook', allowed, '{}', {}, new AttemptSignal()),
      ).rejects.toBeInstanceOf(DestinationRefused);
    }
    await expect(post('ftp://127.0.0.1/x', '{}', {}, new AttemptSignal())).rejects.toThrow('unsupported URL scheme');
    expect(arrived).toEqual([]);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
