import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { RunningApp } from '../../src/bootstrap';
import { IntegrityAnalysisService } from '../../src/cage/integrity-analysis.service';
import { demoFirmCreditCode } from '../../src/firms/demo-firms';
import { startTestApp } from '../support/app';
import { captureLog } from '../support/log-capture';
import { waitFor } from '../support/wait-for';

describe('demo data of the embedded default', () => {
  let dataDir: string;
  let log: ReturnType<typeof captureLog>;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'risk-pglite-demo-'));
    log = captureLog();
  });

  afterAll(() => {
    log.restore();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () =>
    startTestApp({ DATA_DIR: dataDir, DEMO_DATA: 'true', LOG_FORMAT: 'json', SCORING_POLL_INTERVAL_MS: '100' });
  const firedRules = async (app: RunningApp, demoFirm: number): Promise<string[]> => {
    const rows = await app.app
      .get(DataSource)
      .query(
        `SELECT a.explanation FROM assessments a JOIN firms f ON f.id = a.firm_id WHERE f.credit_code = $1 ORDER BY a.assessed_at DESC LIMIT 1`,
        [demoFirmCreditCode(demoFirm)],
      );
    return rows[0]?.explanation.rulesFired.map((hit: { ruleId: string }) => hit.ruleId) ?? [];
  };

  it('should fire the public-data rules from its court, tax and registry events, and seed them only once', async () => {
    const app = await start();
    try {
      await waitFor(
        "PD-03 on the court's dishonest-list entry",
        async () => (await firedRules(app, 1)).includes('PD-03/dishonest_firm'),
        60_000,
      );
      await waitFor(
        'PD-02 on the tax arrears notice',
        async () => (await firedRules(app, 3)).includes('PD-02'),
        30_000,
      );
      const registry = await waitFor(
        'PD-01 on the registry events',
        async () => {
          const fired = await firedRules(app, 5);
          return fired.includes('PD-01/adverse') && fired.includes('PD-01/changes') ? fired : undefined;
        },
        30_000,
      );
      expect(registry).toEqual(expect.arrayContaining(['PD-01/adverse', 'PD-01/changes']));
      // 数据铁笼: the demo officials' simulated behaviour trips 偏离度, 亲密度 and 批量查阅 (超期量 once the alerts role's watch ran: cage-demo.int-spec.ts).
      const { firings } = await app.app
        .get(IntegrityAnalysisService)
        .indicators(new Date(Date.now() - 86_400_000), new Date(Date.now() + 3_600_000));
      const users: Array<{ id: string; username: string }> = await app.app
        .get(DataSource)
        .query(`SELECT id::text AS id, username FROM staff_users`);
      const name = (id: string) => users.find((u) => u.id === id)?.username;
      // (After hours too when the test runs outside 08:00-20:00 Beijing time or on a weekend.)
      const fired = firings
        .map((f) => `${f.indicator}:${name(f.official.actorId)}`)
        .filter((f) => f !== 'after_hours_reads:demo.gongshu');
      expect(fired.sort()).toEqual(['bulk_reads:demo.gongshu', 'closeness:demo.xihu', 'deviation_run:demo.analyst']);
    } finally {
      await app.close();
    }
    const again = await start();
    try {
      const [{ n }] = await again.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM ingest_records WHERE submission_id LIKE 'DEMO-%'`);
      expect(n).toBe(6);
    } finally {
      await again.close();
    }
    expect(log.lines.filter((line) => line.level === 'error')).toEqual([]);
  }, 180_000);
});
