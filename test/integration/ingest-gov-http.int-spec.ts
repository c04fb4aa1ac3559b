import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { examples } from '../../src/ingest/schemas/examples';
import { DEAD_LETTER_TOPIC } from '../../src/ingest/topics';
import { loginToken, staffUser } from '../support/auth';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { TestFirm, push, registerExampleFirms } from '../support/ingest';
import { testServices } from '../support/services';
import { waitFor } from '../support/wait-for';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

async function send(
  url: string,
  token: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

describe('government feeds over HTTP', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let adminToken: string;
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  let courtKey: string;
  let taxKey: string;
  let dataSource: DataSource;
  // Kafka is configured too, so what the HTTP intake refuses also reaches the dead-letter topic.
  const prefix = `t${randomUUID().slice(0, 8)}.`;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({
      DATABASE_URL: db.url,
      SCORING_POLL_INTERVAL_MS: '100',
      ANCHOR_INTERVAL_MS: '200',
      KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_PREFIX: `g${randomUUID().slice(0, 8)}`,
    });
    dataSource = app.app.get(DataSource);
    firms = await registerExampleFirms(app.app);
    await app.app
      .get(StaffDirectoryService)
      .create(staffUser({ username: 'gov.admin', role: 'admin', regionCode: '330100' }));
    adminToken = await loginToken(app.url, 'gov.admin', staffUser().password);
    const court = await send(`${app.url}/v1/admin/agency-keys`, adminToken, 'POST', {
      agency: '杭州市中级人民法院',
      kinds: ['court_event'],
      label: 'court feed',
    });
    expect(court.status).toBe(201);
    expect(court.body).toMatchObject({
      agency: '杭州市中级人民法院',
      kinds: ['court_event'],
      key: expect.stringMatching(/^rga_[0-9a-f]{16}_/),
    });
    courtKey = court.body.key;
    taxKey = (
      await send(`${app.url}/v1/admin/agency-keys`, adminToken, 'POST', {
        agency: '国家税务总局杭州市税务局',
        kinds: ['tax_event'],
      })
    ).body.key;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should store an accepted court event with its evidence leaf, and fire PD-03 for the firm', async () => {
    const event = examples.courtEvent({
      eventId: 'CRT-HTTP-1',
      firmCreditCode: firms.p2p.creditCode,
      type: 'dishonest_list',
      subject: 'firm',
      occurredAt: daysAgo(10),
      caseNumber: '(2026)浙01执123号',
    });
    delete (event as { plaintiffRole?: string }).plaintiffRole;
    const answer = await push(app.url, '/v1/ingest/gov/court_event', courtKey, event);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: 'accepted', kind: 'court_event', id: expect.any(String) });

    const [row] = await dataSource.query(`SELECT firm_id, source, source_ref FROM ingest_records WHERE id = $1`, [
      answer.body.id,
    ]);
    expect(row).toMatchObject({
      firm_id: firms.p2p.id,
      source: 'http',
      source_ref: expect.stringMatching(/^agency-key:[0-9a-f-]{36}\//),
    });
    const [leaf] = await dataSource.query(
      `SELECT count(*)::int AS n FROM evidence_leaves WHERE record_kind = 'court_event' AND record_id = $1`,
      [answer.body.id],
    );
    expect(leaf.n).toBe(1);

    const fired = await waitFor(
      'PD-03/dishonest_firm in an assessment of the firm',
      async () => {
        const rows = await dataSource.query(
          `SELECT explanation FROM assessments WHERE firm_id = $1 ORDER BY assessed_at DESC LIMIT 1`,
          [firms.p2p.id],
        );
        return rows[0]?.explanation.rulesFired.find((hit: { ruleId: string }) => hit.ruleId === 'PD-03/dishonest_firm');
      },
      30_000,
    );
    expect(fired).toMatchObject({ tier: 'red' });

    // The same event again, as a retrying feed sends it: stored once.
    const again = await push(app.url, '/v1/ingest/gov/court_event', courtKey, event);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'duplicate', id: answer.body.id });
  }, 60_000);

  it("should refuse a kind outside the agency key's scope with 403 naming the kind", async () => {
    const answer = await push(
      app.url,
      '/v1/ingest/gov/tax_event',
      courtKey,
      examples.taxEvent({ firmCreditCode: firms.p2p.creditCode }),
    );
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'forbidden', detail: expect.stringContaining('not tax_event') });
    const firmKind = await push(app.url, '/v1/ingest/gov/p2p_report/bulk', courtKey, [examples.p2pReport()]);
    expect(firmKind.status).toBe(403);
    expect(firmKind.body.detail).toContain('p2p_report');
  });

  it('should refuse a firm key, a missing key and a revoked agency key', async () => {
    const byFirm = await push(app.url, '/v1/ingest/gov/court_event', firms.p2p.key, examples.courtEvent());
    expect(byFirm.status).toBe(403);
    expect(byFirm.body.detail).toMatch(/firm API key cannot send government feeds/);
    expect((await fetch(`${app.url}/v1/ingest/gov/court_event`, { method: 'POST', body: '{}' })).status).toBe(401);
    // And an agency key cannot push as a firm.
    expect((await push(app.url, '/v1/ingest/p2p_report', taxKey, examples.p2pReport())).status).toBe(401);

    const issued = await send(`${app.url}/v1/admin/agency-keys`, adminToken, 'POST', {
      agency: '杭州市市场监督管理局',
      kinds: ['registry_event'],
    });
    const registry = examples.registryEvent({
      eventId: 'REG-HTTP-1',
      firmCreditCode: firms.guarantee.creditCode,
      occurredAt: daysAgo(5),
    });
    expect((await push(app.url, '/v1/ingest/gov/registry_event', issued.body.key, registry)).status).toBe(201);
    expect((await send(`${app.url}/v1/admin/agency-keys/${issued.body.id}`, adminToken, 'DELETE')).status).toBe(204);
    const afterRevoke = await push(app.url, '/v1/ingest/gov/registry_event', issued.body.key, {
      ...registry,
      eventId: 'REG-HTTP-2',
    });
    expect(afterRevoke.status).toBe(401);
    const listed = await send(`${app.url}/v1/admin/agency-keys`, adminToken, 'GET');
    expect(listed.body.find((k: { id: string }) => k.id === issued.body.id)).toMatchObject({
      revokedAt: expect.any(String),
      kinds: ['registry_event'],
    });
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.key);
  });

  it('should answer what Kafka would dead-letter with the reason and the field, item by item', async () => {
    const invalid = await push(
      app.url,
      '/v1/ingest/gov/tax_event',
      taxKey,
      examples.taxEvent({ firmCreditCode: firms.microLoan.creditCode, type: 'unpaid' as never }),
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ code: 'invalid', errors: [expect.objectContaining({ pointer: '/type' })] });
    const bulk = await push(app.url, '/v1/ingest/gov/tax_event/bulk', taxKey, [
      examples.taxEvent({ eventId: 'TAX-HTTP-1', firmCreditCode: firms.microLoan.creditCode, occurredAt: daysAgo(20) }),
      examples.taxEvent({ eventId: 'TAX-HTTP-2', firmCreditCode: '91330100MA2XXXXX0X' }),
    ]);
    expect(bulk.status).toBe(200);
    expect(bulk.body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(bulk.body.items[1]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/invalid|unknown_firm/),
    });

    // Both refusals are dead letters with the headers a refused gov.tax message gets.
    const kafka = new Kafka({
      clientId: 'gov-http-test',
      brokers: testServices().kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `dlq-${randomUUID()}` });
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: prefix + DEAD_LETTER_TOPIC, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    try {
      await waitFor('two dead letters from the HTTP feed intake', () => seen.length >= 2, 30_000);
    } finally {
      await consumer.disconnect();
    }
    const headersOf = (m: KafkaMessage) =>
      Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)]));
    const from = (source: string) => seen.find((m) => headersOf(m)['x-source-topic'] === source)!;
    expect(headersOf(from('http /v1/ingest/gov/tax_event'))).toMatchObject({
      'x-dead-letter-reason': 'invalid',
      'x-dead-letter-detail': expect.stringContaining('/type'),
    });
    const fromBulk = from('http /v1/ingest/gov/tax_event/bulk');
    expect(headersOf(fromBulk)).toMatchObject({
      'x-dead-letter-detail': expect.stringContaining('/firmCreditCode'),
      'x-source-offset': expect.stringMatching(/#1$/),
    });
    expect(JSON.parse(String(fromBulk.value)).eventId).toBe('TAX-HTTP-2');
  }, 60_000);

  it('should refuse an agency key request for a firm kind with the field at fault', async () => {
    const answer = await send(`${app.url}/v1/admin/agency-keys`, adminToken, 'POST', {
      agency: '某局',
      kinds: ['p2p_report'],
    });
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0].pointer).toBe('/kinds/0');
  });
});
