import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AlertsService } from '../../src/alerts/alerts.service';
import { RunningApp } from '../../src/bootstrap';
import { ReadBatchesService } from '../../src/cage/read-batches.service';
import { TamperCheckService } from '../../src/evidence-chain/tamper/tamper-check.service';
import { assessmentSignal } from '../support/alerts-app';
import { allCallers, call, Caller } from '../support/api-callers';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { registerExampleFirms, TestFirm } from '../support/ingest';

type Staff = Extract<Caller, { kind: 'staff' }>;

// 权力清单 and 处处留痕, through HTTP: what a power needs is refused with 422 naming it, and each
// exercise leaves exactly one trace with the target's state before and after.
describe('power list and traces (数据铁笼)', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  let callers: Caller[];
  const as = (name: string) => callers.find((c) => c.name === name) as Staff;
  const reason = (text: string) => ({ 'x-power-reason': encodeURIComponent(text) });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, TAMPER_CHECK_INTERVAL_MS: '86400000' });
    dataSource = app.app.get(DataSource);
    firms = await registerExampleFirms(app.app);
    callers = await allCallers(app, firms.p2p, firms.guarantee);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const tracesOf = (powerId: string): Promise<Array<Record<string, any>>> =>
    dataSource.query(
      `SELECT t.*, (SELECT count(*)::int FROM evidence_leaves l WHERE l.record_kind = 'power_exercise' AND l.record_id = t.id::text) AS leaves
         FROM power_traces t WHERE power_id = $1 ORDER BY exercised_at`,
      [powerId],
    );
  const licenceUrl = () => `/v1/admin/firms/${firms.microLoan.creditCode}/licence-status`;

  it('should refuse a licence change without reason and second approver, naming both, and change nothing', async () => {
    const refused = await call(app.url, as('admin@330100'), 'PUT', licenceUrl(), { licenceStatus: 'revoked' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/headers/x-power-approver',
      '/headers/x-power-reason',
    ]);
    expect(refused.body.detail).toMatch(/licence\.change needs/);

    const selfSigned = await call(
      app.url,
      as('admin@330100'),
      'PUT',
      licenceUrl(),
      { licenceStatus: 'revoked' },
      { ...reason('吊销'), 'x-power-approver': as('admin@330100').token },
    );
    expect(selfSigned.status).toBe(422);
    expect(selfSigned.body.errors).toEqual([
      { pointer: '/headers/x-power-approver', detail: expect.stringMatching(/another official/) },
    ]);

    const wrongRole = await call(
      app.url,
      as('admin@330100'),
      'PUT',
      licenceUrl(),
      { licenceStatus: 'revoked' },
      { ...reason('吊销'), 'x-power-approver': as('analyst@330100').token },
    );
    expect(wrongRole.status).toBe(422);
    expect(wrongRole.body.errors[0].detail).toMatch(/analyst may not approve licence\.change/);

    const [{ status }] = await dataSource.query(`SELECT licence_status::text AS status FROM firms WHERE id = $1`, [
      firms.microLoan.id,
    ]);
    expect(status).toBe('licensed');
    expect(await tracesOf('licence.change')).toEqual([]);
  });

  it('should trace a licence change once, with actor, approver, reason, before/after, a dated history row and evidence leaves', async () => {
    const section = as('section_head@330100');
    const done = await call(
      app.url,
      as('admin@330100'),
      'PUT',
      licenceUrl(),
      { licenceStatus: 'revoked' },
      { ...reason('非法吸收公众存款，依法吊销'), 'x-power-approver': section.token },
    );
    expect(done.status).toBe(200);
    const traces = await tracesOf('licence.change');
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({
      actor_role: 'admin',
      actor_region: '330100',
      approver_role: 'section_head',
      target_kind: 'firm_licence',
      target_id: firms.microLoan.creditCode,
      firm_id: firms.microLoan.id,
      before: { licenceStatus: 'licensed' },
      after: { licenceStatus: 'revoked' },
      reason: '非法吸收公众存款，依法吊销',
      method: 'PUT',
      leaves: 1,
    });
    const history = await dataSource.query(
      `SELECT from_status::text AS "from", to_status::text AS "to", trace_id AS "traceId" FROM licence_status_history WHERE firm_id = $1`,
      [firms.microLoan.id],
    );
    expect(history).toEqual([{ from: 'licensed', to: 'revoked', traceId: traces[0].id }]);
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM evidence_leaves WHERE record_kind = 'licence_change'`,
    );
    expect(n).toBe(1);
  });

  it("should trace a manual score with the firm's assessment before and after, its reason read from the body", async () => {
    const analyst = as('analyst@330100');
    const url = `/v1/firms/${firms.guarantee.creditCode}/manual-scores`;
    const refused = await call(app.url, analyst, 'POST', url, { mode: 'adjust', value: -10 });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/reason');
    const added = await call(app.url, analyst, 'POST', url, {
      mode: 'adjust',
      value: -10,
      reason: '现场检查发现代偿准备不足',
    });
    expect(added.status).toBeLessThan(300);
    const traces = await tracesOf('manual_score.add');
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({
      actor_role: 'analyst',
      firm_id: firms.guarantee.id,
      reason: '现场检查发现代偿准备不足',
      before: { manualScores: [] },
      leaves: 1,
    });
    expect(traces[0].after.manualScores).toHaveLength(1);
    expect(traces[0].after.assessment).toEqual(
      expect.objectContaining({ grade: expect.any(String), tier: expect.any(String) }),
    );
  });

  it('should trace an alert acknowledgement, and refuse a dismissal without a second approver', async () => {
    const { alert } = await app.app
      .get(AlertsService)
      .onSignal(assessmentSignal({ firmId: firms.p2p.id, tier: 'yellow', assessedAt: new Date() }));
    const officer = as('county_officer@330106');
    const url = `/v1/alerts/${alert!.id}/actions`;
    expect((await call(app.url, officer, 'POST', url, { action: 'acknowledge' })).status).toBe(200);
    const [ack] = await tracesOf('alert.acknowledge');
    expect(ack).toMatchObject({
      actor_role: 'county_officer',
      actor_region: '330106',
      target_id: alert!.id,
      firm_id: firms.p2p.id,
      before: { status: 'open' },
      after: { status: 'acknowledged' },
      leaves: 1,
    });
    expect(ack.due_at.getTime() - ack.exercised_at.getTime()).toBe(24 * 3_600_000); // 办理时限 of the power list

    const dismissed = await call(app.url, officer, 'POST', url, { action: 'false_positive', reason: '数据口径错误' });
    expect(dismissed.status).toBe(422);
    expect(dismissed.body.errors).toEqual([
      { pointer: '/headers/x-power-approver', detail: expect.stringMatching(/second approver/) },
    ]);
    const signed = await call(
      app.url,
      officer,
      'POST',
      url,
      { action: 'false_positive', reason: '数据口径错误' },
      { 'x-power-approver': as('section_head@330100').token },
    );
    expect(signed.status).toBe(200);
    expect(await tracesOf('alert.dismiss')).toEqual([
      expect.objectContaining({
        approver_role: 'section_head',
        before: expect.objectContaining({ status: 'acknowledged' }),
        after: expect.objectContaining({ status: 'false_positive' }),
      }),
    ]);
  });

  it('should leave exactly one trace per exercise of the key and staff powers, and none for a refused one', async () => {
    const admin = as('admin@330100');
    const issued = await call(
      app.url,
      admin,
      'POST',
      `/v1/admin/firms/${firms.p2p.creditCode}/api-keys`,
      { label: 'core-2026' },
      reason('新核心系统上线'),
    );
    expect(issued.status).toBe(201);
    expect(
      (
        await call(
          app.url,
          admin,
          'DELETE',
          `/v1/admin/firms/${firms.p2p.creditCode}/api-keys/${issued.body.id}`,
          undefined,
          reason('密钥轮换'),
        )
      ).status,
    ).toBe(204);
    const [issue] = await tracesOf('firm_api_key.issue');
    const [revoke] = await tracesOf('firm_api_key.revoke');
    expect(issue.after.activeKeys).toEqual([...issue.before.activeKeys, issued.body.id]);
    expect(revoke).toMatchObject({
      before: { activeKeys: issue.after.activeKeys },
      after: { activeKeys: issue.before.activeKeys },
      reason: '密钥轮换',
    });
    // Never the clear key in a trace.
    const [{ text }] = await dataSource.query(`SELECT string_agg(t::text, '') AS text FROM power_traces t`);
    expect(text).not.toContain(issued.body.key);

    const created = await call(app.url, admin, 'POST', '/v1/admin/staff', {
      username: 'cage.officer',
      displayName: '铁笼测试员',
      role: 'county_officer',
      regionCode: '330106',
      password: 'cage-password-2026',
    });
    expect(created.status).toBe(201);
    expect(
      (await call(app.url, admin, 'POST', `/v1/admin/staff/${created.body.id}/disable`, undefined, reason('调离')))
        .status,
    ).toBeLessThan(300);
    expect(await tracesOf('staff.disable')).toEqual([
      expect.objectContaining({
        before: expect.objectContaining({ disabled: false }),
        after: expect.objectContaining({ disabled: true }),
        reason: '调离',
      }),
    ]);
    // A refused exercise (outside the role) is not a trace.
    expect(
      (await call(app.url, as('analyst@330100'), 'POST', `/v1/admin/staff/${created.body.id}/enable`)).status,
    ).toBe(403);
    expect(await tracesOf('staff.enable')).toEqual([]);
    const counts: Array<{ power: string; n: number }> = await dataSource.query(
      `SELECT power_id AS power, count(*)::int AS n FROM power_traces GROUP BY power_id ORDER BY power_id`,
    );
    expect(counts).toEqual(
      [
        'alert.acknowledge',
        'alert.dismiss',
        'firm_api_key.issue',
        'firm_api_key.revoke',
        'licence.change',
        'manual_score.add',
        'staff.create',
        'staff.disable',
      ].map((power) => ({ power, n: 1 })),
    );
  });

  it('should refuse UPDATE, DELETE and TRUNCATE of every trace table, even to the owner', async () => {
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    try {
      for (const table of ['power_traces', 'licence_status_history']) {
        await expect(owner.query(`UPDATE ${table} SET id = id`)).rejects.toThrow(/append-only/);
        await expect(owner.query(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
        await expect(owner.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/append-only: TRUNCATE/);
      }
    } finally {
      await owner.end();
    }
  });

  it('should find a trace changed by a superuser with the triggers off', async () => {
    const [trace] = await tracesOf('licence.change');
    await dataSource.transaction(async (m) => {
      await m.query(`ALTER TABLE power_traces DISABLE TRIGGER power_traces_append_only`);
      await m.query(`UPDATE power_traces SET reason = '依法暂停' WHERE id = $1`, [trace.id]);
      await m.query(`ALTER TABLE power_traces ENABLE TRIGGER power_traces_append_only`);
    });
    expect(await app.app.get(TamperCheckService).scan()).toEqual([
      expect.objectContaining({ recordKind: 'power_exercise', recordId: trace.id }),
    ]);
  });

  it('should seal the access log into read batches and find an access-log row changed afterwards', async () => {
    expect((await call(app.url, as('analyst@330100'), 'GET', `/v1/firms/${firms.p2p.creditCode}`)).status).toBe(200);
    const reads = app.app.get(ReadBatchesService);
    await reads.seal(new Date(Date.now() + 10_000));
    expect(await reads.seal(new Date(Date.now() + 10_000))).toBe(0); // nothing new
    const [logged]: Array<{ id: string; batch: string }> = await dataSource.query(
      `SELECT l.id::text AS id, b.id AS batch FROM staff_access_log l JOIN read_batches b ON l.id BETWEEN b.from_log_id AND b.to_log_id
        WHERE l.firm_id = $1 AND l.username = 'demo.analyst' ORDER BY l.id DESC LIMIT 1`,
      [firms.p2p.id],
    );
    expect(logged).toBeDefined();
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM evidence_leaves WHERE record_kind = 'read_batch' AND record_id = $1`,
      [logged.batch],
    );
    expect(n).toBe(1);
    await dataSource.transaction(async (m) => {
      await m.query(`ALTER TABLE staff_access_log DISABLE TRIGGER staff_access_log_append_only`);
      await m.query(`UPDATE staff_access_log SET username = 'someone.else' WHERE id = $1`, [logged.id]);
      await m.query(`ALTER TABLE staff_access_log ENABLE TRIGGER staff_access_log_append_only`);
    });
    expect(await app.app.get(TamperCheckService).scan()).toEqual([
      expect.objectContaining({ recordKind: 'read_batch', recordId: logged.batch }),
    ]);
  });
});
