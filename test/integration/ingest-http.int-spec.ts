import { DataSource } from 'typeorm';
import { RunningApp } from '../../src/bootstrap';
import { EXAMPLE_IDS, examples } from '../../src/ingest/schemas/examples';
import { FIRM_PUSHABLE_KINDS } from '../../src/ingest/intake/firm-kind-rules';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { push, registerExampleFirms, TestFirm } from '../support/ingest';

describe('HTTP push by firms', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, INGEST_RATE_LIMIT: '1000' });
    dataSource = app.app.get(DataSource);
    firms = await registerExampleFirms(app.app);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const rows = async (sql: string, params: unknown[] = []) => dataSource.query(sql, params);

  it('should store each firm-pushable kind with its evidence leaf, hashing identity numbers', async () => {
    const cases = [
      { kind: 'p2p_report', firm: firms.p2p, record: examples.p2pReport() },
      { kind: 'micro_loan_report', firm: firms.microLoan, record: examples.microLoanReport() },
      { kind: 'guarantee_report', firm: firms.guarantee, record: examples.guaranteeReport() },
      { kind: 'contract', firm: firms.microLoan, record: examples.contract() },
      { kind: 'key_persons', firm: firms.p2p, record: examples.keyPersons() },
    ];
    expect(cases.map((c) => c.kind).sort()).toEqual([...FIRM_PUSHABLE_KINDS].sort());
    for (const { kind, firm, record } of cases) {
      const answer = await push(app.url, `/v1/ingest/${kind}`, firm.key, record);
      expect({ kind, status: answer.status }).toEqual({ kind, status: 201 });
      expect(answer.body).toMatchObject({ status: 'accepted', kind, version: 1 });
      const [stored] = await rows(`SELECT firm_id, payload FROM ingest_records WHERE id = $1`, [answer.body.id]);
      expect(stored.firm_id).toBe(firm.id);
      expect(JSON.stringify(stored.payload)).not.toContain(EXAMPLE_IDS.person); // never in clear
      const [leaf] = await rows(
        `SELECT count(*)::int AS n FROM evidence_leaves WHERE record_kind = $1 AND record_id = $2`,
        [kind, answer.body.id],
      );
      expect(leaf.n).toBe(1);
    }
    const [document] = await rows(`SELECT size_bytes FROM ingest_documents`);
    expect(document.size_bytes).toBeGreaterThan(0);
    const [documentLeaf] = await rows(`SELECT count(*)::int AS n FROM evidence_leaves WHERE record_kind = 'document'`);
    expect(documentLeaf.n).toBe(1);
  });

  it('should answer a retried push with the first answer and refuse the key for another request', async () => {
    const report = examples.p2pReport({ reportId: 'RPT-IDEMP', periodStart: '2025-04-01', periodEnd: '2025-04-30' });
    const first = await push(app.url, '/v1/ingest/p2p_report', firms.p2p.key, report, { 'idempotency-key': 'retry-1' });
    const again = await push(app.url, '/v1/ingest/p2p_report', firms.p2p.key, report, { 'idempotency-key': 'retry-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const reused = await push(
      app.url,
      '/v1/ingest/p2p_report',
      firms.p2p.key,
      { ...report, lenderCount: 1 },
      { 'idempotency-key': 'retry-1' },
    );
    expect(reused.status).toBe(409);
    // Without a key, a replay of the same submission is still stored once.
    const replay = await push(app.url, '/v1/ingest/p2p_report', firms.p2p.key, report);
    expect(replay.body).toMatchObject({ status: 'duplicate', id: first.body.id });
    const [count] = await rows(`SELECT count(*)::int AS n FROM ingest_records WHERE submission_id = 'RPT-IDEMP'`);
    expect(count.n).toBe(1);
  });

  it('should keep both versions when a report for the same period is corrected', async () => {
    const original = examples.p2pReport({ reportId: 'RPT-MAY', periodStart: '2025-05-01', periodEnd: '2025-05-31' });
    const corrected = { ...original, reportId: 'RPT-MAY-R1', lenderCount: original.lenderCount - 100 };
    const v1 = await push(app.url, '/v1/ingest/p2p_report', firms.p2p.key, original);
    const v2 = await push(app.url, '/v1/ingest/p2p_report', firms.p2p.key, corrected);
    expect([v1.body.version, v2.body.version]).toEqual([1, 2]);
    const listed: any = await (
      await fetch(`${app.url}/v1/ingest/records?kind=p2p_report&limit=100`, {
        headers: { authorization: `Bearer ${firms.p2p.key}` },
      })
    ).json();
    const may = listed.items.filter((r: any) => r.businessKey === 'monthly:2025-05-01:2025-05-31');
    expect(may.map((r: any) => [r.version, r.superseded]).sort()).toEqual([
      [1, true],
      [2, false],
    ]);
    const [leaves] = await rows(`SELECT count(*)::int AS n FROM evidence_leaves WHERE record_id = ANY($1)`, [
      [v1.body.id, v2.body.id],
    ]);
    expect(leaves.n).toBe(2); // both versions stay evidence
  });

  it('should list field-level errors with pointers and reasons as problem+json', async () => {
    const bad = examples.p2pReport({
      reportId: 'RPT-BAD',
      periodStart: '2025-06-30',
      periodEnd: '2025-06-01',
      outstanding: { count: 10, amount: '-5.00' },
    });
    const answer = await push(app.url, '/v1/ingest/p2p_report', firms.p2p.key, bad);
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(answer.body).toMatchObject({ type: 'urn:problem:invalid', status: 422 });
    const pointers = answer.body.errors.map((e: any) => e.pointer);
    expect(pointers).toContain('/outstanding/amount');
    expect(answer.body.errors.find((e: any) => e.pointer === '/outstanding/amount').detail).toMatch(/-5/);
    const malformed = await push(app.url, '/v1/ingest/p2p_report', firms.p2p.key, '{"reportId": ');
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors[0].detail).toMatch(/JSON/i);
  });

  it('should never let firm A push or read for firm B', async () => {
    const forB = examples.microLoanReport({ reportId: 'RPT-FOREIGN' });
    const answer = await push(app.url, '/v1/ingest/micro_loan_report', firms.p2p.key, forB);
    expect(answer.status).toBe(403);
    expect(answer.body.errors).toEqual([
      { pointer: '/firmCreditCode', detail: 'belongs to another firm than the API key' },
    ]);

    const ofB = await push(
      app.url,
      '/v1/ingest/micro_loan_report',
      firms.microLoan.key,
      examples.microLoanReport({ reportId: 'RPT-B-OWN', periodStart: '2025-07-01', periodEnd: '2025-07-31' }),
    );
    const readByA = await fetch(`${app.url}/v1/ingest/records/${ofB.body.id}`, {
      headers: { authorization: `Bearer ${firms.p2p.key}` },
    });
    expect(readByA.status).toBe(404);
    const readByB = await fetch(`${app.url}/v1/ingest/records/${ofB.body.id}`, {
      headers: { authorization: `Bearer ${firms.microLoan.key}` },
    });
    expect(readByB.status).toBe(200);
    const listedByA: any = await (
      await fetch(`${app.url}/v1/ingest/records?limit=1000`, { headers: { authorization: `Bearer ${firms.p2p.key}` } })
    ).json();
    expect(listedByA.items.every((r: any) => r.firmId === firms.p2p.id)).toBe(true);
    const receiptByA = await fetch(`${app.url}/v1/evidence/receipts/micro_loan_report/${ofB.body.id}`, {
      headers: { authorization: `Bearer ${firms.p2p.key}` },
    });
    expect(receiptByA.status).toBe(404);
  });

  it('should refuse unknown keys, government kinds and unknown kinds', async () => {
    expect(
      (await push(app.url, '/v1/ingest/p2p_report', 'rsk_0000000000000000_' + 'x'.repeat(43), examples.p2pReport()))
        .status,
    ).toBe(401);
    expect((await fetch(`${app.url}/v1/ingest/p2p_report`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await push(app.url, '/v1/ingest/court_event', firms.p2p.key, examples.courtEvent())).status).toBe(403);
    expect((await push(app.url, '/v1/ingest/balance_sheet', firms.p2p.key, {})).status).toBe(404);
    const wrongKind = await push(
      app.url,
      '/v1/ingest/guarantee_report',
      firms.p2p.key,
      examples.guaranteeReport({ firmCreditCode: EXAMPLE_IDS.p2pFirm }),
    );
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.code).toBe('wrong_kind');
  });

  it('should take 10,000 records in one bulk push and report each item', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) =>
      examples.contract({
        contractId: `BULK-${i}`,
        documentBase64: undefined,
        documentSha256: examples.contract().documentSha256,
      }),
    );
    items[17] = { ...items[17], principal: '-1.00' };
    const answer = await push(app.url, '/v1/ingest/contract/bulk', firms.microLoan.key, items);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: 9_999, duplicates: 0, rejected: 1 });
    expect(answer.body.items[17]).toMatchObject({ index: 17, status: 'rejected', reason: 'invalid' });
    expect(answer.body.items[18]).toMatchObject({ index: 18, status: 'accepted' });
    const [count] = await rows(`SELECT count(*)::int AS n FROM ingest_records WHERE submission_id LIKE 'BULK-%'`);
    expect(count.n).toBe(9_999);
  });

  it('should read NDJSON bulk bodies and report a malformed line by itself', async () => {
    const lines = [
      examples.contract({ contractId: 'ND-1', documentBase64: undefined }),
      '{"contractId": "ND-2",',
      examples.contract({ contractId: 'ND-3', documentBase64: undefined }),
    ]
      .map((l) => (typeof l === 'string' ? l : JSON.stringify(l)))
      .join('\n');
    const answer = await push(app.url, '/v1/ingest/contract/bulk', firms.microLoan.key, lines, {
      'content-type': 'application/x-ndjson',
    });
    expect(answer.body.items.map((i: any) => i.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(answer.body.items[1].reason).toBe('malformed');
  });
});

describe('HTTP push limits', () => {
  it('should answer 413 over the size limit and 429 over the rate, with Retry-After', async () => {
    const db = await createTestDatabase();
    const app = await startTestApp({ DATABASE_URL: db.url, INGEST_MAX_BODY_BYTES: '2048', INGEST_RATE_LIMIT: '1' });
    try {
      const { p2p } = await registerExampleFirms(app.app);
      const big = await push(
        app.url,
        '/v1/ingest/p2p_report/bulk',
        p2p.key,
        Array.from({ length: 20 }, () => examples.p2pReport()),
      );
      expect(big.status).toBe(413);
      expect(big.body.type).toBe('urn:problem:payload_too_large');
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 4; i++) {
        const answer = await push(
          app.url,
          '/v1/ingest/p2p_report',
          p2p.key,
          examples.p2pReport({ reportId: `R-${i}` }),
        );
        statuses.push(answer.status);
        retryAfter ??= answer.headers.get('retry-after');
      }
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
