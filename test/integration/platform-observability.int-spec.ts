import { Client } from 'pg';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { getWithToken, loginToken, staffUser } from '../support/auth';
import { getJson, startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { captureLog } from '../support/log-capture';
import { testServices } from '../support/services';
import { waitFor } from '../support/wait-for';

describe('health, request ids and HTTP metrics', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let admin: Client;
  let token: string;
  let log: ReturnType<typeof captureLog>;

  beforeAll(async () => {
    db = await createTestDatabase();
    log = captureLog();
    app = await startTestApp({ DATABASE_URL: db.url, LOG_FORMAT: 'json' });
    await app.app
      .get(StaffDirectoryService)
      .create(staffUser({ username: 'obs.analyst', role: 'analyst', regionCode: '330100' }));
    token = await loginToken(app.url, 'obs.analyst', staffUser().password);
    admin = new Client({ connectionString: testServices().databaseUrl });
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    log?.restore();
    await admin?.end();
    await db?.drop();
  });

  it('should report the database degraded when its connections fail although its ping answers', async () => {
    expect((await getJson(`${app.url}/health`)).body.dependencies.database.degraded).toBeUndefined();
    // Keep several pooled connections open, then cut them from the server side.
    await Promise.all(Array.from({ length: 4 }, () => getWithToken(`${app.url}/v1/firms`, token)));
    const { rows } = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [db.name],
    );
    expect(rows.length).toBeGreaterThan(0);
    // The first probe may itself meet a cut connection; once the pool has replaced them it answers.
    const health = await waitFor('the database to answer its ping and show degraded', async () => {
      const { status, body } = await getJson(`${app.url}/health`);
      return body.dependencies.database.ok && body.dependencies.database.degraded ? { status, body } : undefined;
    });
    expect(health.status).toBe(200); // still ready: the ping answers on a new connection
    expect(health.body.status).toBe('degraded');
    expect(health.body.dependencies.database).toMatchObject({
      ok: true,
      degraded: true,
      recentFailures: expect.any(Number),
      lastFailure: { error: expect.stringMatching(/terminat|ECONNRESET/) },
    }); // the server's notice, or the reset when it is not read first
  });

  it('should give a 500 a request id in the problem, the header and the log line, and count it by route and status', async () => {
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    await owner.query('ALTER TABLE firms RENAME TO firms_away'); // a real fault: the app's query fails
    let response: Response;
    try {
      response = await fetch(`${app.url}/v1/firms`, { headers: { authorization: `Bearer ${token}` } });
    } finally {
      await owner.query('ALTER TABLE firms_away RENAME TO firms');
      await owner.end();
    }
    expect(response.status).toBe(500);
    const problem = await response.json();
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(problem).toMatchObject({ status: 500, requestId });
    expect(
      log.lines.filter((line) => line.level === 'error' && line.message.includes(`request ${requestId}`)),
    ).toHaveLength(1);

    const health = await getJson(`${app.url}/health`);
    expect(health.body.dependencies.http).toMatchObject({
      degraded: true,
      lastFailure: { error: `500 GET /v1/firms (request ${requestId})` },
    });

    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/v1\/firms",status="500"\} 1\b/);
    expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/v1\/firms",status="200"\} \d+/);
    expect(metrics).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/v1\/firms",status="500"\} 1\b/);
    expect(metrics).not.toMatch(/route="\/v1\/firms\/[^:]/); // templates, never raw paths
  });

  it('should keep a plain request id the caller sends, and replace one that is not plain', async () => {
    const kept = await fetch(`${app.url}/health/live`, { headers: { 'x-request-id': 'trace-1234abcd' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-1234abcd');
    const replaced = await fetch(`${app.url}/health/live`, { headers: { 'x-request-id': 'not plain <script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
