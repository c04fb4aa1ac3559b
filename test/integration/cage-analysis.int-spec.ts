import { DataSource } from 'typeorm';
import { RunningApp } from '../../src/bootstrap';
import { IntegrityAnalysisService } from '../../src/cage/integrity-analysis.service';
import { RecordIntakeService } from '../../src/ingest/intake/record-intake.service';
import { exampleOf } from '../../src/ingest/schemas/examples';
import { RECORD_KINDS } from '../../src/ingest/schemas/records';
import { ScoringService } from '../../src/scoring/scoring.service';
import { allCallers, call, Caller } from '../support/api-callers';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { registerExampleFirms, TestFirm } from '../support/ingest';

type Staff = Extract<Caller, { kind: 'staff' }>;

// 云在算: manual scores lowering a firm below the machine three times running by one official fire
// a 偏离度 integrity alert; the same decisions spread over three officials do not.
describe(IntegrityAnalysisService.name, () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  let callers: Caller[];
  const as = (name: string) => callers.find((c) => c.name === name) as Staff;
  const from = new Date(Date.now() - 3_600_000);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, ROLE: 'api' });
    firms = await registerExampleFirms(app.app);
    callers = await allCallers(app, firms.p2p, firms.guarantee);
    const intake = await app.app.get(RecordIntakeService).accept(
      RECORD_KINDS.map((kind, i) => ({ kind, value: exampleOf(kind), sourceRef: `cage-analysis/${i}` })),
      { source: 'kafka' },
    );
    expect(intake.filter((r) => r.status !== 'accepted')).toEqual([]);
    await app.app.get(ScoringService).rescoreAll();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const lower = async (who: string, firm: TestFirm, i: number) => {
    const answer = await call(app.url, as(who), 'POST', `/v1/firms/${firm.creditCode}/manual-scores`, {
      mode: 'adjust',
      value: -15,
      reason: `酌情下调 ${i}`,
    });
    expect(answer.status).toBeLessThan(300);
  };

  it('should fire 偏离度 for one official lowering one firm three times running, not for the same decisions spread over three', async () => {
    for (const i of [1, 2, 3]) await lower('analyst@330100', firms.p2p, i);
    for (const [i, who] of ['analyst@330100', 'section_head@330100', 'deputy_head@330100'].entries())
      await lower(who, firms.guarantee, i);

    const analysis = app.app.get(IntegrityAnalysisService);
    const result = await analysis.run(from, new Date(Date.now() + 3_600_000));
    const analyst = result.officials.find((o) => o.role === 'analyst')!;
    expect(analyst).toMatchObject({ workload: 4, favourableRun: 3, favouredFirmId: firms.p2p.id });
    expect(result.officials.find((o) => o.role === 'section_head')).toMatchObject({ workload: 1, favourableRun: 1 });
    expect(result.firings.map((f) => ({ indicator: f.indicator, role: f.official.role }))).toEqual([
      { indicator: 'deviation_run', role: 'analyst' },
    ]);
    expect(result.raised).toBe(1);

    const seen = await call(app.url, as('discipline_inspector@330100'), 'GET', '/v1/cage/integrity-alerts');
    expect(seen.body).toEqual([
      expect.objectContaining({
        indicator: 'deviation_run',
        subjectStaffIds: [analyst.actorId],
        firmId: firms.p2p.id,
        regionCode: '330100',
      }),
    ]);
    const month = await call(
      app.url,
      as('discipline_inspector@330100'),
      'GET',
      `/v1/cage/indicators?month=${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7)}`,
    );
    expect(month.status).toBe(200);
    expect(month.body.firings).toEqual([
      expect.objectContaining({ indicator: 'deviation_run', actorId: analyst.actorId, value: 3 }),
    ]);
    expect(
      (await call(app.url, as('discipline_inspector@330100'), 'GET', '/v1/cage/indicators?month=2026-13')).status,
    ).toBe(422);
    // The same period analysed again raises nothing new.
    expect((await analysis.run(from, new Date(result.to))).raised).toBe(0);
  });

  it('should count reads after hours in Beijing time and the busiest hour', async () => {
    const log = (iso: string) =>
      app.app
        .get(DataSource)
        .query(
          `INSERT INTO staff_access_log (at, staff_id, username, region_code, method, path, firm_id, outcome) VALUES ($1, 'night-reader', 'night.reader', '330100', 'GET', '/v1/firms/x', $2, 'allowed')`,
          [iso, firms.p2p.id],
        );
    for (const iso of [
      '2026-03-02T02:00:00Z',
      '2026-03-02T02:10:00Z',
      '2026-03-02T02:20:00Z',
      '2026-03-02T12:30:00Z',
      '2026-03-07T02:00:00Z',
      '2026-03-01T23:59:00Z',
    ])
      await log(iso);
    const { officials } = await app.app
      .get(IntegrityAnalysisService)
      .indicators(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-08T00:00:00Z'));
    // Monday 10:00-10:20 (3, the busiest hour), Monday 20:30, Saturday 10:00, Monday 07:59 (Beijing).
    expect(officials.find((o) => o.actorId === 'night-reader')).toMatchObject({
      afterHoursReads: 3,
      maxReadsPerHour: 3,
    });
  });
});
