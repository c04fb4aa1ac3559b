import { request as httpRequest } from 'node:http';
import { RunningApp } from '../../src/bootstrap';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { registerExampleFirms, TestFirm } from '../support/ingest';

// A push over the firm's rate limit is refused before its body is read (up to 64 MiB otherwise buffered first).
describe('Push rate limit', () => {
  let limited: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let firms: { p2p: TestFirm };

  beforeAll(async () => {
    db = await createTestDatabase();
    limited = await startTestApp({ DATABASE_URL: db.url, INGEST_RATE_LIMIT: '1' });
    firms = await registerExampleFirms(limited.app);
  });

  afterAll(async () => {
    await limited?.close();
    await db?.drop();
  });

  it('should refuse a push over the rate limit before its body is read', async () => {
    const url = new URL(limited.url);
    // Five pushes that declare 10 MB each and send none of it. The burst is two: those past it must be
    // answered 429 at once; the admitted ones wait for their body and are abandoned.
    const requests: Array<ReturnType<typeof httpRequest>> = [];
    const answered = (): Promise<number | 'waiting'> =>
      new Promise((resolve) => {
        const headers = {
          authorization: `Bearer ${firms.p2p.key}`,
          'content-type': 'application/json',
          'content-length': '10000000',
        };
        const req = httpRequest({
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/v1/ingest/key_persons',
          headers,
        });
        requests.push(req);
        const timer = setTimeout(() => resolve('waiting'), 10_000);
        req.on('response', (res) => {
          clearTimeout(timer);
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => undefined);
        req.flushHeaders();
      });
    const statuses = await Promise.all(Array.from({ length: 5 }, answered));
    for (const req of requests) req.destroy();
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s !== 429 && s !== 'waiting')).toEqual([]);
  });
});
