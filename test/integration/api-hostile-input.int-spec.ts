import { DataSource } from 'typeorm';
import { DEMO_STAFF_PASSWORD, seedDemoStaff } from '../../src/staff/demo-staff';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { beijingDate } from '../../src/platform/beijing-time';
import { examples } from '../../src/ingest/schemas/examples';
import { startTestApp } from '../support/app';
import { loginToken } from '../support/auth';
import { createTestDatabase } from '../support/database';
import { push, registerExampleFirms, TestFirm } from '../support/ingest';

// Inputs that used to give 500 or be accepted although invalid: each is refused with a problem
// naming the field, and nothing good next to it is lost.
describe('Hostile input over HTTP', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  let analyst: string;
  let admin: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, INGEST_RATE_LIMIT: '1000' });
    firms = await registerExampleFirms(app.app);
    await seedDemoStaff(app.app.get(StaffDirectoryService));
    analyst = await loginToken(app.url, 'demo.analyst', DEMO_STAFF_PASSWORD);
    admin = await loginToken(app.url, 'demo.admin', DEMO_STAFF_PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const send = async (method: string, path: string, body: string | undefined, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.url}${path}`, { method, headers, body });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      headers: response.headers,
      text,
      body: text.startsWith('{') ? JSON.parse(text) : null,
    };
  };
  const pointers = (body: { errors?: Array<{ pointer: string }> }) => (body.errors ?? []).map((e) => e.pointer);

  it('should refuse a NUL or lone surrogate per item and keep the other 999 records of a bulk push', async () => {
    const lists = Array.from({ length: 1000 }, (_, i) => examples.keyPersons({ recordId: `KP-BULK-${i}` }));
    const text = JSON.stringify(lists)
      .replace('"KP-BULK-500","firmCreditCode"', '"KP-BULK-500","firmCreditCode"')
      .replace('"name":"李娜"', '"name":"李\\u0000娜"');
    const answer = await push(app.url, '/v1/ingest/key_persons/bulk', firms.p2p.key, text);
    expect(answer.status).toBe(200);
    expect({ accepted: answer.body.accepted, rejected: answer.body.rejected }).toEqual({ accepted: 999, rejected: 1 });
    expect(answer.body.items[0]).toMatchObject({ status: 'rejected', problems: [{ pointer: '/persons/4/name' }] });
    const [stored] = await app.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM ingest_records WHERE kind = 'key_persons'`);
    expect(stored.n).toBe(999);

    const surrogate = JSON.stringify(examples.keyPersons({ recordId: 'KP-SURROGATE' })).replace(
      '"name":"李娜"',
      '"name":"\\ud800"',
    );
    const single = await push(app.url, '/v1/ingest/key_persons', firms.p2p.key, surrogate);
    expect(single.status).toBe(422);
    expect(pointers(single.body)).toEqual(['/persons/4/name']);
  });

  it('should answer bad paging parameters with 422 naming the parameter', async () => {
    const firm = { authorization: `Bearer ${firms.p2p.key}` };
    const cases: Array<[string, Record<string, string>, string]> = [
      ['/v1/evidence/checkpoints?before=abc', {}, '/query/before'],
      ['/v1/evidence/checkpoints?limit=0', {}, '/query/limit'],
      ['/v1/evidence/checkpoints.csv?limit=-5', {}, '/query/limit'],
      ['/v1/ingest/records?cursor=abc', firm, '/query/cursor'],
      [`/v1/ingest/records?cursor=${Buffer.from('yesterday|x').toString('base64url')}`, firm, '/query/cursor'],
      ['/v1/ingest/records?limit=0', firm, '/query/limit'],
      ['/v1/ingest/records?limit=-5', firm, '/query/limit'],
      ['/v1/ingest/records?kind=foo', firm, '/query/kind'],
      ['/v1/ingest/records.csv?kind=foo', firm, '/query/kind'],
    ];
    for (const [path, headers, pointer] of cases) {
      const answer = await send('GET', path, undefined, headers);
      expect({ path, status: answer.status, type: answer.type, pointers: pointers(answer.body) }).toEqual({
        path,
        status: 422,
        type: expect.stringContaining('application/problem+json'),
        pointers: [pointer],
      });
    }
  });

  it('should refuse a JSON body over 1 MiB with 413, also before login', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' });
    for (const [path, headers] of [
      ['/v1/auth/token', {}],
      ['/v1/admin/offices', { authorization: `Bearer ${admin}` }],
    ] as const) {
      const answer = await send('POST', path, big, { 'content-type': 'application/json', ...headers });
      expect({ path, status: answer.status, type: answer.type }).toEqual({
        path,
        status: 413,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(answer.body.title).toBe('payload too large');
    }
  });

  it('should refuse impossible dates, duplicate keys, text/plain bodies and control characters in names', async () => {
    const staff = { authorization: `Bearer ${analyst}`, 'content-type': 'application/json' };
    const impossible = await send(
      'POST',
      `/v1/firms/${firms.p2p.creditCode}/manual-scores`,
      JSON.stringify({ mode: 'adjust', value: 5, reason: '测试', validFrom: '2026-02-30' }),
      staff,
    );
    expect({ status: impossible.status, pointers: pointers(impossible.body) }).toEqual({
      status: 422,
      pointers: ['/validFrom'],
    });

    const twice = JSON.stringify(examples.p2pReport({ reportId: 'RPT-TWICE' })).replace(
      '"firmCreditCode":',
      `"firmCreditCode":"${firms.guarantee.creditCode}","firmCreditCode":`,
    );
    const duplicate = await push(app.url, '/v1/ingest/p2p_report', firms.p2p.key, twice);
    expect({ status: duplicate.status, pointers: pointers(duplicate.body) }).toEqual({
      status: 422,
      pointers: ['/firmCreditCode'],
    });
    const login = await send('POST', '/v1/auth/token', '{"username":"demo.admin","password":"x","password":"y"}', {
      'content-type': 'application/json',
    });
    expect({ status: login.status, pointers: pointers(login.body) }).toEqual({ status: 422, pointers: ['/password'] });

    const nullBody = await send('POST', `/v1/admin/firms/${firms.p2p.creditCode}/api-keys`, 'null', {
      authorization: `Bearer ${admin}`,
      'content-type': 'application/json',
    });
    expect({ status: nullBody.status, pointers: pointers(nullBody.body) }).toEqual({ status: 422, pointers: [''] });

    const plain = await send(
      'POST',
      '/v1/auth/token',
      JSON.stringify({ username: 'demo.admin', password: DEMO_STAFF_PASSWORD }),
      { 'content-type': 'text/plain' },
    );
    expect(plain.status).toBe(415);
    const plainPush = await push(
      app.url,
      '/v1/ingest/key_persons',
      firms.p2p.key,
      examples.keyPersons({ recordId: 'KP-PLAIN' }),
      { 'content-type': 'text/plain' },
    );
    expect(plainPush.status).toBe(415);

    const office = { name: '西湖区\u0007金融办', role: 'county_finance_office', regionCode: '330106', addresses: [] };
    const control = await send('POST', '/v1/admin/offices', JSON.stringify(office), {
      authorization: `Bearer ${admin}`,
      'content-type': 'application/json',
    });
    expect({ status: control.status, pointers: pointers(control.body) }).toEqual({ status: 422, pointers: ['/name'] });
  });

  it('should refuse reports of future or unfinished periods and key persons as of a future date', async () => {
    const today = beijingDate();
    const month = today.slice(0, 7);
    const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0))
      .toISOString()
      .slice(0, 10);
    const periods = [
      ['2099-01-01', '2099-01-31'],
      [`${month}-01`, lastDay],
    ];
    for (const [periodStart, periodEnd] of periods) {
      const answer = await push(
        app.url,
        '/v1/ingest/p2p_report',
        firms.p2p.key,
        examples.p2pReport({ reportId: `RPT-${periodStart}`, periodStart, periodEnd }),
      );
      expect({ periodStart, status: answer.status, pointers: pointers(answer.body) }).toEqual({
        periodStart,
        status: 422,
        pointers: ['/periodEnd'],
      });
    }
    const future = await push(
      app.url,
      '/v1/ingest/key_persons',
      firms.p2p.key,
      examples.keyPersons({ recordId: 'KP-2030', asOf: '2030-01-01' }),
    );
    expect({ status: future.status, pointers: pointers(future.body) }).toEqual({ status: 422, pointers: ['/asOf'] });
  });

  it('should answer 200,000 empty persons with a short 422, quickly', async () => {
    const body = JSON.stringify({
      ...examples.keyPersons({ recordId: 'KP-HUGE' }),
      persons: Array.from({ length: 200_000 }, () => ({})),
    });
    const started = Date.now();
    const answer = await send('POST', '/v1/ingest/key_persons', body, {
      authorization: `Bearer ${firms.p2p.key}`,
      'content-type': 'application/json',
    });
    const elapsed = Date.now() - started;
    expect({ status: answer.status, pointers: pointers(answer.body) }).toEqual({ status: 422, pointers: ['/persons'] });
    expect(answer.text.length).toBeLessThan(4096);
    expect(elapsed).toBeLessThan(2000);

    // 1,000 persons (the most allowed), each missing every field: the problems are capped at 100 and counted.
    const many = JSON.stringify({
      ...examples.keyPersons({ recordId: 'KP-MANY' }),
      persons: Array.from({ length: 1000 }, () => ({})),
    });
    const capped = await send('POST', '/v1/ingest/key_persons', many, {
      authorization: `Bearer ${firms.p2p.key}`,
      'content-type': 'application/json',
    });
    expect(capped.status).toBe(422);
    expect(capped.body.errors).toHaveLength(101);
    expect(capped.body.errors[100].detail).toMatch(/^and \d+ more problems not listed/);
  });

  it('should stream records.csv without payloads', async () => {
    const answer = await send('GET', '/v1/ingest/records.csv?kind=key_persons', undefined, {
      authorization: `Bearer ${firms.p2p.key}`,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-length')).toBeNull();
    expect(answer.headers.get('transfer-encoding')).toBe('chunked');
    expect(answer.text.trim().split('\r\n')).toHaveLength(1 + 999);
  });

  it('should answer undeclared methods with 405 and Allow, and titles without class names', async () => {
    const trace = await send('DELETE', '/health', undefined);
    expect({ status: trace.status, allow: trace.headers.get('allow') }).toEqual({ status: 405, allow: 'GET, HEAD' });
    const post = await send('POST', '/v1/ingest/records', '{}', {
      authorization: `Bearer ${firms.p2p.key}`,
      'content-type': 'application/json',
    });
    expect({ status: post.status, allow: post.headers.get('allow') }).toEqual({ status: 405, allow: 'GET, HEAD' });
    const missing = await send('GET', '/v1/no-such-route', undefined);
    expect({ status: missing.status, title: missing.body.title }).toEqual({ status: 404, title: 'Not Found' });
  });

  it('should document what the service does: bodies, optional Idempotency-Key, enums, statuses, rule marks', async () => {
    const document = (await send('GET', '/docs/openapi.json', undefined)).body;
    expect(document.paths['/v1/auth/token'].post.requestBody.content['application/json'].schema.required).toEqual([
      'username',
      'password',
    ]);
    const push = document.paths['/v1/ingest/{kind}'].post;
    expect(push.requestBody.required).toBe(true);
    expect(push.parameters.find((p: any) => p.name === 'idempotency-key').required).toBe(false);
    expect(push.parameters.find((p: any) => p.name === 'kind').schema.enum).toContain('key_persons');
    expect(Object.keys(push.responses)).toEqual(expect.arrayContaining(['200', '201', '413', '415', '422', '429']));
    expect(
      document.paths['/v1/ingest/records'].get.parameters.find((p: any) => p.name === 'kind').schema.enum,
    ).toContain('p2p_report');
    expect(document.paths['/v1/admin/staff'].get.responses).toHaveProperty('200');
    expect(
      document.components.schemas.Assessment.properties.explanation.properties.rulesFired.items.properties.mark,
    ).toMatchObject({ type: 'string', enum: ['S', 'M', 'D'] });
    // An assessment is graded none..red; 'violation' (违规) is the tier of a fired rule, not of an assessment.
    expect(document.components.schemas.Assessment.properties.tier.enum).toEqual([
      'none',
      'blue',
      'yellow',
      'orange',
      'red',
    ]);
    expect(
      document.components.schemas.Assessment.properties.explanation.properties.rulesFired.items.properties.tier.enum,
    ).toContain('violation');
    const list = JSON.parse((await send('GET', '/v1/schemas', undefined)).text) as Array<{
      kind: string;
      source: string;
    }>;
    expect(Object.fromEntries(list.map((s) => [s.kind, s.source]))).toMatchObject({
      p2p_report: 'firm',
      key_persons: 'firm',
      court_event: 'government',
    });
  });

  it('should filter alerts by firm and refuse a malformed firm code', async () => {
    const staff = { authorization: `Bearer ${analyst}` };
    const bad = await send('GET', '/v1/alerts?firm=abc', undefined, staff);
    expect({ status: bad.status, pointers: pointers(bad.body) }).toEqual({ status: 422, pointers: ['/firm'] });
    const good = await send('GET', `/v1/alerts?firm=${firms.p2p.creditCode}`, undefined, staff);
    expect(good.status).toBe(200);
    expect(good.body.items.every((a: { firmId: string }) => a.firmId === firms.p2p.id)).toBe(true);
    expect((await send('GET', `/v1/alerts.csv?firm=${firms.p2p.creditCode}`, undefined, staff)).status).toBe(200);
  });
});
