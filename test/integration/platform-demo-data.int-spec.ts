import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { RunningApp } from '../../src/bootstrap';
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

  const start = () => startTestApp({ DATA_DIR: dataDir, DEMO_DATA: 'true', LOG_FORMAT: 'json', SCORING_POLL_INTERVAL_MS: '100' });
  const firedRules = async (app: RunningApp, demoFirm: number): Promise<string[]> => {
    const rows = await app.app.get(DataSource).query(
      `SELECT a.explanation FROM assessments a JOIN firms f ON f.id = a.firm_id WHERE f.credit_code = $1 ORDER BY a.assessed_at DESC LIMIT 1`,
      [demoFirmCreditCode(demoFirm)],
    );
    return rows[0]?.explanation.rulesFired.map((hit: { ruleId: string }) => hit.ruleId) ?? [];
  };

  it('should fire the public-data rules from its court, tax and registry events, and seed them only once', async () => {
    const app = await start();
    try {
      await waitFor('PD-03 on the court\'s dishonest-list entry', async () => (await firedRules(app, 1)).includes('PD-03/dishonest_firm'), 60_000);
      await waitFor('PD-02 on the tax arrears notice', async () => (await firedRules(app, 3)).includes('PD-02'), 30_000);
      const registry = await waitFor('PD-01 on the registry events', async () => {
        const fired = await firedRules(app, 5);
        return fired.includes('PD-01/adverse') && fired.includes('PD-01/changes') ? fired : undefined;
      }, 30_000);
      expect(registry).toEqual(expect.arrayContaining(['PD-01/adverse', 'PD-01/changes']));
    } finally {
      await app.close();
    }
    const again = await start();
    try {
      const [{ n }] = await again.app.get(DataSource).query(`SELECT count(*)::int AS n FROM ingest_records WHERE submission_id LIKE 'DEMO-%'`);
      expect(n).toBe(6);
    } finally {
      await again.close();
    }
    expect(log.lines.filter((line) => line.level === 'error')).toEqual([]);
  }, 180_000);
});
