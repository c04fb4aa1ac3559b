import { DataSource } from 'typeorm';
import { RunningApp } from '../../src/bootstrap';
import { EXAMPLE_IDS } from '../../src/ingest/schemas/examples';
import { guaranteeReport, microLoanReport, p2pReport } from '../../src/scoring/features/firm-history.factory';
import { isoDaysBefore } from '../../src/scoring/features/dates';
import { ScoringService, todayInChina } from '../../src/scoring/scoring.service';
import { alertsEnv } from '../support/alerts-app';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { push, registerExampleFirms, type TestFirm } from '../support/ingest';

interface Stored {
  id: string;
  tier: string;
  grade: string;
  explanation: {
    rulesFired: Array<{ ruleId: string; tier: string; explanation: string }>;
    noData: Array<{ ruleId: string }>;
  };
}

// Reports pushed over HTTP as a firm pushes them, scored by the real re-score: the misses of
// scoring that let an inconsistent, daily-only or silent firm look clean.
describe(`${ScoringService.name} gaps`, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let dataSource: DataSource;
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  const today = todayInChina();

  const latest = async (firmId: string): Promise<Stored> => {
    const [row] = await dataSource.query(
      `SELECT id, tier::text AS tier, grade, explanation FROM assessments WHERE firm_id = $1 ORDER BY assessed_at DESC LIMIT 1`,
      [firmId],
    );
    return row as Stored;
  };
  const rescore = async (firm: TestFirm): Promise<Stored> => {
    await app.app.get(ScoringService).rescore([firm.id], 'request', today);
    return latest(firm.id);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({
      DATABASE_URL: db.url,
      INGEST_RATE_LIMIT: '1000',
      ROLE: 'api',
      ...alertsEnv({ ALERTS_ROBOTS: 'false' }),
    });
    dataSource = app.app.get(DataSource);
    firms = await registerExampleFirms(app.app);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should refuse with 422 naming both fields when the largest borrower is above ¥200,000 but not in largeBorrowers', async () => {
    const end = isoDaysBefore(today, 1);
    const report = p2pReport(
      {
        reportId: 'P2P-HIDDEN',
        periodType: 'daily',
        periodStart: end,
        largestBorrowerBalance: '200001.00',
        largeBorrowers: [],
      },
      end,
      firms.p2p.creditCode,
    );
    const refused = await push(app.url, '/v1/ingest/p2p_report', firms.p2p.key, report);
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/largeBorrowers',
      '/largestBorrowerBalance',
    ]);
    expect(JSON.stringify(refused.body.errors)).toContain('P2P-01');
    const [stored] = await dataSource.query(
      `SELECT count(*)::int AS n FROM ingest_records WHERE submission_id = 'P2P-HIDDEN'`,
    );
    expect(stored.n).toBe(0);

    // Named, the same borrower is accepted and P2P-01 fires on it.
    const named = {
      ...report,
      largeBorrowers: [{ borrowerType: 'natural_person', idNumber: EXAMPLE_IDS.person, outstanding: '200001.00' }],
    };
    expect((await push(app.url, '/v1/ingest/p2p_report', firms.p2p.key, named)).status).toBe(201);
    const a = await rescore(firms.p2p);
    expect(a.explanation.rulesFired).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: 'P2P-01', tier: 'violation' })]),
    );
  });

  it('should score a guarantor whose only report is a daily one: FG-08 fires on ¥19.9m paid-in capital', async () => {
    const end = isoDaysBefore(today, 1);
    const report = guaranteeReport(
      { reportId: 'FG-DAILY', periodType: 'daily', periodStart: end, paidInCapital: '19900000.00' },
      end,
      firms.guarantee.creditCode,
    );
    expect((await push(app.url, '/v1/ingest/guarantee_report', firms.guarantee.key, report)).status).toBe(201);
    const a = await rescore(firms.guarantee);
    expect(a.explanation.rulesFired).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: 'FG-08', tier: 'violation' })]),
    );
    expect(a.tier).not.toBe('none');
    expect(a.explanation.noData.map((n) => n.ruleId)).not.toContain('FG-08');
  });

  it('should flag a micro-lender and a guarantor that stopped reporting (report missing), not leave them clean', async () => {
    const end = isoDaysBefore(today, 140); // the last report is over four months old
    const start = `${end.slice(0, 8)}01`;
    const monthEnd = new Date(Date.UTC(Number(end.slice(0, 4)), Number(end.slice(5, 7)), 0)).toISOString().slice(0, 10);
    expect(
      (
        await push(
          app.url,
          '/v1/ingest/micro_loan_report',
          firms.microLoan.key,
          microLoanReport({ reportId: 'MC-OLD', periodStart: start }, monthEnd, firms.microLoan.creditCode),
        )
      ).status,
    ).toBe(201);
    const mc = await rescore(firms.microLoan);
    expect(mc.explanation.rulesFired).toEqual([
      expect.objectContaining({ ruleId: 'MC-11', tier: 'violation', explanation: expect.stringContaining('未报送') }),
    ]);
    expect(mc.tier).not.toBe('none');

    // The guarantor's daily report above is recent: FG-11 is clear; as of 50 days later it is overdue.
    await app.app.get(ScoringService).rescore([firms.guarantee.id], 'request', isoDaysBefore(today, -50));
    const fg = await latest(firms.guarantee.id);
    expect(fg.explanation.rulesFired).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: 'FG-11', tier: 'blue' })]),
    );
  });
});
