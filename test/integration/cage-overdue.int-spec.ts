import { DataSource } from 'typeorm';
import { AlertsService } from '../../src/alerts/alerts.service';
import { RunningApp } from '../../src/bootstrap';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { appendIntegrityAlert, OverdueWatchService } from '../../src/cage/overdue-watch.service';
import { assessmentSignal } from '../support/alerts-app';
import { allCallers, call, Caller } from '../support/api-callers';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { registerExampleFirms, TestFirm } from '../support/ingest';

type Staff = Extract<Caller, { kind: 'staff' }>;
const HOUR = 3_600_000;

// 问责 beyond unacknowledged alerts: acknowledged and not handled, contingency tasks overdue. The
// sweep is given the time it runs at (its CageClock in the service), so days pass without waiting.
describe(OverdueWatchService.name, () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let watch: OverdueWatchService;
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  let callers: Caller[];
  const as = (name: string) => callers.find((c) => c.name === name) as Staff;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, ROLE: 'api' });
    dataSource = app.app.get(DataSource);
    watch = app.app.get(OverdueWatchService);
    firms = await registerExampleFirms(app.app);
    callers = await allCallers(app, firms.p2p, firms.guarantee);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const records = (cause: string): Promise<Array<Record<string, any>>> =>
    dataSource.query(`SELECT * FROM overdue_accountability WHERE cause = $1 ORDER BY detected_at, id`, [cause]);
  const integrity = (indicator: string): Promise<Array<Record<string, any>>> =>
    dataSource.query(`SELECT * FROM integrity_alerts WHERE indicator = $1 ORDER BY raised_at, id`, [indicator]);

  it("should record an alert acknowledged and not handled by the power list's time limit, once, with an integrity alert naming the official", async () => {
    const { alert } = await app.app
      .get(AlertsService)
      .onSignal(assessmentSignal({ firmId: firms.p2p.id, tier: 'yellow', assessedAt: new Date() }));
    const officer = as('county_officer@330106');
    expect(
      (await call(app.url, officer, 'POST', `/v1/alerts/${alert!.id}/actions`, { action: 'acknowledge' })).status,
    ).toBe(200);
    const [{ dueAt, actorId }] = await dataSource.query(
      `SELECT due_at AS "dueAt", actor_id AS "actorId" FROM power_traces WHERE power_id = 'alert.acknowledge'`,
    );

    expect(await watch.sweep(new Date(dueAt.getTime() - HOUR))).toBe(0);
    expect(await watch.sweep(new Date(dueAt.getTime() + HOUR))).toBe(1);
    const [record] = await records('handling_overdue');
    expect(record).toMatchObject({
      alert_id: alert!.id,
      firm_id: firms.p2p.id,
      responsible_role: 'county_officer',
      responsible_region_code: '330106',
      responsible: [{ staffId: actorId }],
      late_by_ms: String(HOUR),
    });
    const [raised] = await integrity('handling_overdue');
    expect(raised).toMatchObject({
      subject_staff_ids: [actorId],
      subject_role: 'county_officer',
      region_code: '330106',
      evidence: expect.objectContaining({ accountabilityId: record.id, alertId: alert!.id }),
    });
    const leaves = await dataSource.query(
      `SELECT record_kind AS kind FROM evidence_leaves WHERE record_id = ANY($1) ORDER BY record_kind`,
      [[record.id, raised.id]],
    );
    expect(leaves).toEqual([{ kind: 'integrity_alert' }, { kind: 'overdue_accountability' }]);
    // The same fact found again is not a second record.
    expect(await watch.sweep(new Date(dueAt.getTime() + 48 * HOUR))).toBe(0);
  });

  it('should not record an alert handled in time', async () => {
    const { alert } = await app.app.get(AlertsService).onSignal(
      assessmentSignal({
        firmId: firms.p2p.id,
        cause: { kind: 'rule', ruleId: 'P2P-04' },
        tier: 'yellow',
        assessedAt: new Date(),
      }),
    );
    const officer = as('county_officer@330106');
    expect(
      (await call(app.url, officer, 'POST', `/v1/alerts/${alert!.id}/actions`, { action: 'acknowledge' })).status,
    ).toBe(200);
    expect((await call(app.url, officer, 'POST', `/v1/alerts/${alert!.id}/actions`, { action: 'start' })).status).toBe(
      200,
    );
    expect(await watch.sweep(new Date(Date.now() + 30 * 24 * HOUR))).toBe(0);
    expect(await records('handling_overdue')).toHaveLength(1);
  });

  it('should record each contingency task left past its due time, not the one completed', async () => {
    const { alert } = await app.app.get(AlertsService).onSignal(
      assessmentSignal({
        firmId: firms.p2p.id,
        cause: { kind: 'rule', ruleId: 'EW-09' },
        tier: 'red',
        reasons: [{ ruleId: 'EW-09', text: '出借人提现延迟超过3天', value: 5, threshold: 3 }],
        assessedAt: new Date(),
      }),
    );
    const tasks: Array<{ task_id: string; due_at: Date }> = await dataSource.query(
      `SELECT t.task_id, t.due_at FROM contingency_tasks t JOIN contingency_plans p ON p.id = t.plan_id WHERE p.alert_id = $1 ORDER BY t.due_at`,
      [alert!.id],
    );
    expect(tasks.length).toBeGreaterThan(1);
    const done = await call(
      app.url,
      as('county_officer@330106'),
      'POST',
      `/v1/alerts/${alert!.id}/contingency-tasks/on-site/complete`,
      { note: '已进驻现场' },
    );
    expect(done.status).toBe(200);
    const latest = tasks[tasks.length - 1].due_at.getTime();
    expect(await watch.sweep(new Date(latest + HOUR))).toBe(tasks.length - 1);
    const overdue = await records('task_overdue');
    expect(overdue.map((r) => r.detail.taskId).sort()).toEqual(
      tasks
        .map((t) => t.task_id)
        .filter((id) => id !== 'on-site')
        .sort(),
    );
    expect(await integrity('task_overdue')).toHaveLength(tasks.length - 1);
  });

  describe('the discipline inspector (纪检监察)', () => {
    it('should read integrity alerts of its region; officials cannot, and the inspector never sees those about itself', async () => {
      const inspector = as('discipline_inspector@330100');
      const self = (await app.app.get(StaffDirectoryService).findByUsername('demo.inspector'))!;
      await dataSource.transaction((m) =>
        appendIntegrityAlert(
          m,
          {
            subjectKey: `test:${self.id}`,
            indicator: 'bulk_reads',
            subjectStaffIds: [self.id],
            subjectRole: 'discipline_inspector',
            regionCode: '330100',
            firmId: null,
            summary: '批量查阅',
            evidence: {},
          },
          new Date(),
        ),
      );
      const seen = await call(app.url, inspector, 'GET', '/v1/cage/integrity-alerts?limit=100');
      expect(seen.status).toBe(200);
      const indicators = (seen.body as Array<{ indicator: string; subjectStaffIds: string[] }>).map((a) => a.indicator);
      expect(indicators).toContain('handling_overdue');
      expect(indicators).toContain('task_overdue');
      expect((seen.body as Array<{ subjectStaffIds: string[] }>).some((a) => a.subjectStaffIds.includes(self.id))).toBe(
        false,
      );
      for (const official of [
        'county_officer@330106',
        'section_head@330100',
        'bureau_head@330100',
        'admin@330100',
        'auditor@330100',
      ]) {
        expect({
          official,
          status: (await call(app.url, as(official), 'GET', '/v1/cage/integrity-alerts')).status,
        }).toEqual({ official, status: 403 });
      }
    });

    it("should export one official's case file: traces with receipts (or why pending), accountability records, integrity alerts", async () => {
      const [{ actorId }] = await dataSource.query(
        `SELECT actor_id AS "actorId" FROM power_traces WHERE power_id = 'alert.acknowledge' ORDER BY exercised_at LIMIT 1`,
      );
      const file = await call(
        app.url,
        as('discipline_inspector@330100'),
        'GET',
        `/v1/cage/officials/${actorId}/case-file`,
      );
      expect(file.status).toBe(200);
      expect(file.body.traces.map((t: { powerId: string }) => t.powerId)).toEqual(
        expect.arrayContaining(['alert.acknowledge', 'alert.start', 'contingency_task.complete']),
      );
      for (const trace of file.body.traces) expect(trace.receipt.inclusion ?? trace.receipt.pending).toBeDefined(); // a receipt, or why not yet (next checkpoint)
      expect(file.body.overdueAccountability.map((r: { cause: string }) => r.cause)).toContain('handling_overdue');
      expect(file.body.integrityAlerts.length).toBeGreaterThan(0);
    });

    it('should let the inspector read but never exercise a power', async () => {
      const inspector = as('discipline_inspector@330100');
      expect((await call(app.url, inspector, 'GET', '/v1/cage/traces?limit=5')).status).toBe(200);
      const [{ id }] = await dataSource.query(`SELECT id FROM alerts ORDER BY opened_at LIMIT 1`);
      expect(
        (await call(app.url, inspector, 'POST', `/v1/alerts/${id}/actions`, { action: 'note', reason: '纪检备注' }))
          .status,
      ).toBe(403);
      expect(
        (
          await call(app.url, inspector, 'POST', `/v1/firms/${firms.p2p.creditCode}/manual-scores`, {
            mode: 'adjust',
            value: 1,
            reason: 'x',
          })
        ).status,
      ).toBe(403);
    });
  });
});
