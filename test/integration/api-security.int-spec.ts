import { randomBytes } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import { SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import { DEMO_STAFF_PASSWORD, seedDemoStaff } from '../../src/staff/demo-staff';
import { loadSigningKey } from '../../src/api/auth/signing-key';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { creditCodeCheckChar } from '../../src/firms/credit-code';
import { examples } from '../../src/ingest/schemas/examples';
import { allCallers, call, Caller } from '../support/api-callers';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { push, registerExampleFirms, TestFirm } from '../support/ingest';
import { waitFor } from '../support/wait-for';

const SEED = randomBytes(32).toString('hex');

function creditCode(region: string, n: number): string {
  const body = `91${region}MA${String(n).padStart(7, '0')}`;
  return body + creditCodeCheckChar(body);
}

describe('API security and staff views', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let callers: Caller[];
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  const as = (name: string) => callers.find((c) => c.name === name)!;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({
      DATABASE_URL: db.url,
      INGEST_RATE_LIMIT: '1000',
      AUTH_SIGNING_KEY: SEED,
      ANCHOR_INTERVAL_MS: '200',
    });
    firms = await registerExampleFirms(app.app);
    callers = await allCallers(app, firms.p2p, firms.guarantee);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("should list only the firms of the caller's region scope", async () => {
    const codes = async (name: string, query = '') =>
      (await call(app.url, as(name), 'GET', `/v1/firms?limit=500${query}`)).body.items
        .map((f: any) => f.regionCode)
        .sort();
    expect(await codes('county_officer@330106')).toEqual(['330106']);
    expect(await codes('county_officer@330105')).toEqual(['330105']);
    expect(await codes('analyst@330100')).toEqual(['330102', '330105', '330106']);
    expect(await codes('auditor@330100', '&region=330105')).toEqual(['330105']);
    // A filter cannot widen the scope.
    expect(await codes('county_officer@330106', '&region=330100')).toEqual(['330106']);
  });

  it('should answer a firm outside the scope like a missing one, and log the refusal', async () => {
    const outside = await call(app.url, as('county_officer@330105'), 'GET', `/v1/firms/${firms.p2p.creditCode}`);
    const missing = await call(app.url, as('county_officer@330105'), 'GET', `/v1/firms/${creditCode('330105', 9999)}`);
    expect([outside.status, missing.status]).toEqual([404, 404]);
    expect(outside.body.title).toBe(missing.body.title);
    // Same words but for the code asked about: nothing says the firm exists elsewhere.
    expect(outside.body.detail.replace(firms.p2p.creditCode, 'X')).toBe(
      missing.body.detail.replace(creditCode('330105', 9999), 'X'),
    );
    const log = await call(
      app.url,
      as('auditor@330100'),
      'GET',
      `/v1/audit/access-log?firm=${firms.p2p.creditCode}&outcome=denied`,
    );
    expect(log.status).toBe(200);
    expect(log.body.items[0]).toMatchObject({
      username: 'demo.gongshu',
      outcome: 'denied',
      reason: 'region_scope',
      firmCreditCode: firms.p2p.creditCode,
    });
  });

  it('should show the profile with latest reports and evidence, and page records with a cursor', async () => {
    for (const [i, end] of ['2024-01-31', '2024-02-29', '2024-03-31'].entries()) {
      const answer = await push(
        app.url,
        '/v1/ingest/p2p_report',
        firms.p2p.key,
        examples.p2pReport({ reportId: `PROFILE-${i}`, periodStart: `${end.slice(0, 8)}01`, periodEnd: end }),
      );
      expect(answer.status).toBe(201);
    }
    expect((await push(app.url, '/v1/ingest/key_persons', firms.p2p.key, examples.keyPersons())).status).toBe(201);
    const profile = await call(app.url, as('county_officer@330106'), 'GET', `/v1/firms/${firms.p2p.creditCode}`);
    expect(profile.status).toBe(200);
    expect(profile.body.firm).toMatchObject({ creditCode: firms.p2p.creditCode, kind: 'p2p_lending' });
    expect(profile.body.reports.map((r: any) => r.asOf)).toEqual(['2024-03-31', '2024-02-29', '2024-01-31']);
    expect(profile.body.keyPersons).toMatchObject({ kind: 'key_persons' });
    expect(profile.body.evidence.leaves).toBeGreaterThanOrEqual(4);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call(
        app.url,
        as('analyst@330100'),
        'GET',
        `/v1/firms/${firms.p2p.creditCode}/records?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((r: any) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(4);
    expect(new Set(seen).size).toBe(4);
    const bad = await call(
      app.url,
      as('analyst@330100'),
      'GET',
      `/v1/firms/${firms.p2p.creditCode}/records?cursor=nonsense`,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].pointer).toBe('/query/cursor');
  });

  it('should page, sort and filter the firm list and refuse unknown parameters', async () => {
    const admin = as('admin@330100');
    for (let i = 0; i < 5; i++) {
      const created = await call(app.url, admin, 'POST', '/v1/admin/firms', {
        creditCode: creditCode('330108', 100 + i),
        name: `滨江第${i}小额贷款有限公司`,
        kind: 'micro_loan',
        regionCode: '330108',
      });
      expect(created.status).toBe(201);
    }
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call(
        app.url,
        admin,
        'GET',
        `/v1/firms?kind=micro_loan&sort=creditCode&order=desc&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      names.push(...page.body.items.map((f: any) => f.creditCode));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names.length).toBe(6);
    expect(names).toEqual([...names].sort().reverse());
    expect((await call(app.url, admin, 'GET', '/v1/firms?q=滨江第3')).body.items.map((f: any) => f.name)).toEqual([
      '滨江第3小额贷款有限公司',
    ]);
    const unknown = await call(app.url, admin, 'GET', '/v1/firms?colour=red&limit=0');
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/query/colour', '/query/limit']);
  });

  it('should export CSV with a BOM, RFC 4180 quoting and formula cells defused', async () => {
    const admin = as('admin@330100');
    await call(app.url, admin, 'POST', '/v1/admin/firms', {
      creditCode: creditCode('330106', 777),
      name: '=HYPERLINK("http://x","点我"),融资担保',
      kind: 'financing_guarantee',
      regionCode: '330106',
    });
    const response = await fetch(`${app.url}/v1/firms.csv?region=330106`, {
      headers: { authorization: `Bearer ${(as('county_officer@330106') as any).token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="firms-/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('统一社会信用代码,机构名称,机构类型,行政区划代码,牌照状态,登记时间');
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""点我""),融资担保"`);
    expect(lines.filter((l) => l.includes('330105'))).toEqual([]); // scope applies to exports too
  });

  it('should issue a key once, let it push, and refuse it after revocation', async () => {
    const admin = as('admin@330100');
    const issued = await call(app.url, admin, 'POST', `/v1/admin/firms/${firms.microLoan.creditCode}/api-keys`, {
      label: 'rotation',
    });
    expect(issued.status).toBe(201);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    expect(issued.body.key).toMatch(/^rsk_/);
    const listed = await call(app.url, admin, 'GET', `/v1/admin/firms/${firms.microLoan.creditCode}/api-keys`);
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.key);
    const report = examples.microLoanReport({ reportId: 'ROTATED-1' });
    expect((await push(app.url, '/v1/ingest/micro_loan_report', issued.body.key, report)).status).toBe(201);
    expect(
      (await call(app.url, admin, 'DELETE', `/v1/admin/firms/${firms.microLoan.creditCode}/api-keys/${issued.body.id}`))
        .status,
    ).toBe(204);
    expect((await push(app.url, '/v1/ingest/micro_loan_report', issued.body.key, report)).status).toBe(401);
    expect(
      (await call(app.url, admin, 'DELETE', `/v1/admin/firms/${firms.microLoan.creditCode}/api-keys/${issued.body.id}`))
        .status,
    ).toBe(404);
    // The power list asks a reason and a second approver (复核人) of a licence change.
    const section = as('section_head@330100') as Extract<Caller, { kind: 'staff' }>;
    const signed = { 'x-power-reason': encodeURIComponent('现场检查发现违规经营'), 'x-power-approver': section.token };
    const suspended = await call(
      app.url,
      admin,
      'PUT',
      `/v1/admin/firms/${firms.microLoan.creditCode}/licence-status`,
      { licenceStatus: 'suspended' },
      signed,
    );
    expect(suspended.body.licenceStatus).toBe('suspended');
    expect(
      (
        await call(
          app.url,
          admin,
          'PUT',
          `/v1/admin/firms/${firms.microLoan.creditCode}/licence-status`,
          { licenceStatus: 'closed' },
          signed,
        )
      ).status,
    ).toBe(422);
  });

  it('should refuse expired, altered and unsigned staff tokens with 401', async () => {
    const key = await loadSigningKey({ kind: 'seed', seedHex: SEED });
    const now = Math.floor(Date.now() / 1000);
    // Our tokens name an account of the store and carry its token version (0 until a reset or disabling).
    const admin = (await app.app.get(StaffDirectoryService).findByUsername('demo.admin'))!;
    const claims = { role: 'admin', region: '330100', preferred_username: 'demo.admin', ver: 0 };
    const sign = (iat: number, exp: number, subject = admin.id, extra: object = {}) =>
      new SignJWT({ ...claims, ...extra })
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
        .setSubject(subject)
        .setIssuer('risk-surveillance')
        .setAudience('risk-surveillance-api')
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key.privateKey);
    const fresh = await sign(now, now + 600);
    expect(
      (await fetch(`${app.url}/v1/audit/access-log`, { headers: { authorization: `Bearer ${fresh}` } })).status,
    ).toBe(200);
    // Validly signed, but for no account of the store, or with a version the account has moved past.
    const nobody = await call(
      app.url,
      {
        kind: 'staff',
        name: 'nobody',
        role: 'admin',
        regionCode: '330100',
        token: await sign(now, now + 600, '6f1c1b0e-8a4b-4c55-9a8e-0a4d4c1f2b3a'),
      },
      'GET',
      '/v1/audit/access-log',
    );
    expect([nobody.status, nobody.body.detail]).toEqual([401, 'this staff account does not exist']);
    const stale = await call(
      app.url,
      {
        kind: 'staff',
        name: 'stale',
        role: 'admin',
        regionCode: '330100',
        token: await sign(now, now + 600, admin.id, { ver: 7 }),
      },
      'GET',
      '/v1/audit/access-log',
    );
    expect(stale.status).toBe(401);
    const expired = await call(
      app.url,
      { kind: 'staff', name: 'expired', role: 'admin', regionCode: '330100', token: await sign(now - 3600, now - 60) },
      'GET',
      '/v1/audit/access-log',
    );
    expect([expired.status, expired.body.detail]).toEqual([401, 'token has expired: request a new one']);

    // A county officer's real token, edited to claim admin: the signature no longer matches.
    const real = (as('county_officer@330106') as any).token as string;
    const [header, payload, signature] = real.split('.');
    const edited = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    const tampered = await fetch(`${app.url}/v1/admin/firms/${firms.p2p.creditCode}/api-keys`, {
      headers: { authorization: `Bearer ${header}.${edited}.${signature}` },
    });
    expect(tampered.status).toBe(401);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${edited}.`;
    expect((await fetch(`${app.url}/v1/firms`, { headers: { authorization: `Bearer ${unsigned}` } })).status).toBe(401);
  });

  it('should verify a record against its receipt and say what a local receipt proves', async () => {
    const pushed = await push(
      app.url,
      '/v1/ingest/p2p_report',
      firms.p2p.key,
      examples.p2pReport({ reportId: 'VERIFY-1', periodStart: '2023-01-01', periodEnd: '2023-01-31' }),
    );
    const receipt = await waitFor('a receipt', async () => {
      const answer = await call(app.url, as('firm A'), 'GET', `/v1/evidence/receipts/p2p_report/${pushed.body.id}`);
      return answer.status === 200 ? answer.body : null;
    });
    const [stored] = await app.app
      .get(DataSource)
      .query(`SELECT payload FROM ingest_records WHERE id = $1`, [pushed.body.id]);
    const good = await call(app.url, as('firm A'), 'POST', '/v1/evidence/verify', { record: stored.payload, receipt });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ ok: true, trusted: { ledger: 'local' } });
    expect(good.body.limitations.join(' ')).toMatch(/local/);
    const altered = await call(app.url, as('auditor@330100'), 'POST', '/v1/evidence/verify', {
      record: { ...stored.payload, lenderCount: 1 },
      receipt,
    });
    expect(altered.body.ok).toBe(false);
    expect(altered.body.steps[0]).toMatchObject({ step: 1, status: 'fail' });
    const neither = await call(app.url, as('firm A'), 'POST', '/v1/evidence/verify', { receipt });
    expect(neither.status).toBe(422);
    const chain = await call(app.url, as('firm B'), 'GET', '/v1/evidence/chain');
    expect(chain.body).toMatchObject({ ledger: 'local', validators: [] });
    expect(chain.body.latestCheckpoint.checkpoint.treeSize).toBeGreaterThan(0);
  });

  it('should render the monthly report of a region in Chinese, with sections for each module', async () => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const answer = await call(
      app.url,
      as('county_officer@330106'),
      'GET',
      `/v1/reports/monthly?region=330106&month=${month}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    for (const heading of ['监管对象概况', '数据报送情况', '存证上链情况', '风险评级', '风险预警'])
      expect(answer.text).toContain(heading);
    expect(answer.text).toContain('网贷经营数据报表');
    expect(answer.text).not.toContain('<script');
    expect(answer.text).toContain('&quot;点我&quot;'); // names are escaped, never markup
    const city = await call(
      app.url,
      as('county_officer@330106'),
      'GET',
      `/v1/reports/monthly?region=330100&month=${month}`,
    );
    expect(city.status).toBe(403);
    const bad = await call(app.url, as('analyst@330100'), 'GET', '/v1/reports/monthly?region=330100&month=2025-13');
    expect(bad.status).toBe(422);
  });

  it('should average the risk scores of the latest assessments in the monthly report', async () => {
    // A month long past, so the assessments the service itself makes today are not its latest.
    const assess = (firmId: string, at: string, score: string, tier: string) =>
      app.app.get(DataSource).query(
        `INSERT INTO assessments (id, firm_id, as_of, assessed_at, risk_score, rule_score, machine_score, quality_score, grade, tier, score_tier, rule_tier,
                                  rank, ranked_firms, pack_versions, explanation, features, trigger, rules_fired, propagation)
         VALUES (gen_random_uuid(), $1, $2::timestamptz::date, $2, $3, $3, $3, 90, 'B', $4, $4, $4, 1, 1, '[]', '{}', '{}', 'request', '[]', '[]')`,
        [firmId, at, score, tier],
      );
    await assess(firms.p2p.id, '2020-01-05T02:00:00Z', '40.0', 'blue');
    await assess(firms.p2p.id, '2020-01-20T02:00:00Z', '61.5', 'yellow');
    await assess(firms.guarantee.id, '2020-01-10T02:00:00Z', '70.0', 'yellow');
    await assess(firms.guarantee.id, '2020-02-03T02:00:00Z', '99.0', 'red'); // after the month: not counted
    const report = await call(app.url, as('analyst@330100'), 'GET', '/v1/reports/monthly?region=330100&month=2020-01');
    expect(report.status).toBe(200);
    const section = report.text.slice(report.text.indexOf('<section id="assessments">'));
    expect(section.slice(0, section.indexOf('</section>'))).toContain(
      '<tr><td>yellow</td><td class="num">2</td><td>65.8</td></tr>',
    );
  });

  it('should serve the versioned JSON Schemas without credentials', async () => {
    const list: any = await (await fetch(`${app.url}/v1/schemas`)).json();
    expect(list.map((s: any) => s.kind)).toContain('p2p_report');
    const one = await fetch(`${app.url}/v1/schemas/p2p_report`);
    expect(one.headers.get('content-type')).toMatch(/application\/schema\+json/);
    expect(((await one.json()) as any).$id).toBe(list.find((s: any) => s.kind === 'p2p_report').id);
    expect((await fetch(`${app.url}/v1/schemas/balance_sheet`)).status).toBe(404);
  });
});

describe('API push rate limit', () => {
  it('should answer 429 with Retry-After when a firm pushes faster than its rate', async () => {
    const db = await createTestDatabase();
    const app = await startTestApp({ DATABASE_URL: db.url, INGEST_RATE_LIMIT: '1' });
    try {
      const { p2p, guarantee } = await registerExampleFirms(app.app);
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 4; i++) {
        const answer = await push(
          app.url,
          '/v1/ingest/p2p_report',
          p2p.key,
          examples.p2pReport({ reportId: `RATE-${i}` }),
        );
        statuses.push(answer.status);
        if (answer.status === 429) {
          retryAfter = answer.headers.get('retry-after');
          expect(answer.body).toMatchObject({ type: 'urn:problem:rate_limited', status: 429 });
        }
      }
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      // Another firm has its own bucket.
      expect(
        (await push(app.url, '/v1/ingest/guarantee_report', guarantee.key, examples.guaranteeReport())).status,
      ).toBe(201);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});

/** POST JSON from a chosen loopback source address: each address is another client IP to the server. */
function postFrom(
  localAddress: string,
  url: string,
  body: unknown,
  forwardedFor?: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    };
    const req = request(url, { method: 'POST', localAddress, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('API login throttle', () => {
  it('should answer 429 with Retry-After to an address guessing one account, before checking any password, and let its other users in', async () => {
    const db = await createTestDatabase();
    // 2 failed logins a minute per (address, user), 4 at once.
    const app = await startTestApp({ DATABASE_URL: db.url, AUTH_LOGIN_RATE_LIMIT: '2' });
    try {
      await seedDemoStaff(app.app.get(StaffDirectoryService));
      const token = `${app.url}/v1/auth/token`;
      // Successful logins cost nothing: one address signs in more often than the burst.
      for (let i = 0; i < 6; i++)
        expect(
          (await postFrom('127.0.0.3', token, { username: 'demo.analyst', password: DEMO_STAFF_PASSWORD })).status,
        ).toBe(200);
      // Four wrong passwords on one account: below its lockout, but the burst of (address, account).
      for (let i = 0; i < 4; i++)
        expect(
          (await postFrom('127.0.0.2', token, { username: 'demo.xihu', password: `Spring2026!${i}` })).status,
        ).toBe(401);
      const throttled = await postFrom('127.0.0.2', token, { username: 'demo.xihu', password: DEMO_STAFF_PASSWORD });
      expect(throttled.status).toBe(429);
      expect(throttled.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(throttled.body).toMatchObject({
        type: 'urn:problem:rate_limited',
        status: 429,
        detail: expect.stringContaining('failed logins for this account from this address'),
      });
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // Another user behind the same address (one NAT, one ingress) is not refused for it...
      expect(
        (await postFrom('127.0.0.2', token, { username: 'demo.analyst', password: DEMO_STAFF_PASSWORD })).status,
      ).toBe(200);
      // ...nor the account itself from elsewhere: the throttle locks nobody out; the account lock does that.
      expect(
        (await postFrom('127.0.0.4', token, { username: 'demo.xihu', password: DEMO_STAFF_PASSWORD })).status,
      ).toBe(200);
      // The throttled attempt never reached the user store: the access log has the four refusals only.
      const [{ n }] = await app.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM staff_access_log WHERE outcome = 'denied' AND path = '/v1/auth/token'`);
      expect(n).toBe(4);
      // Without HTTP_TRUST_PROXY a forged X-Forwarded-For changes nothing: still the throttled address.
      expect(
        (await postFrom('127.0.0.2', token, { username: 'demo.xihu', password: 'x' }, '198.51.100.1')).status,
      ).toBe(429);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('should throttle each client behind a trusted proxy by its X-Forwarded-For address', async () => {
    const db = await createTestDatabase();
    const app = await startTestApp({ DATABASE_URL: db.url, AUTH_LOGIN_RATE_LIMIT: '2', HTTP_TRUST_PROXY: 'loopback' });
    try {
      await seedDemoStaff(app.app.get(StaffDirectoryService));
      const token = `${app.url}/v1/auth/token`;
      // Every request comes from the proxy's one address; the clients differ only in the header it adds.
      for (let i = 0; i < 4; i++)
        expect(
          (await postFrom('127.0.0.5', token, { username: 'demo.xihu', password: 'wrong' }, '203.0.113.7')).status,
        ).toBe(401);
      expect(
        (await postFrom('127.0.0.5', token, { username: 'demo.xihu', password: 'wrong' }, '203.0.113.7')).status,
      ).toBe(429);
      expect(
        (await postFrom('127.0.0.5', token, { username: 'demo.analyst', password: DEMO_STAFF_PASSWORD }, '203.0.113.8'))
          .status,
      ).toBe(200);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
