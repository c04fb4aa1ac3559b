import { RunningApp } from '../../src/bootstrap';
import { IntegrityAnalysisService } from '../../src/cage/integrity-analysis.service';
import { beijingMonthOf } from '../../src/platform/beijing-time';
import { OverdueWatchService } from '../../src/cage/overdue-watch.service';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';

// The embedded default's demo data shows the cage at work: after the overdue watch and the analysis
// of the month, each demo official's simulated behaviour fires its indicator.
describe('cage demo officials', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, ROLE: 'api', DEMO_DATA: 'true' });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should fire 偏离度, 亲密度, 超期量 and 批量查阅 for the demo officials', async () => {
    expect(await app.app.get(OverdueWatchService).sweep()).toBe(3);
    const { firings } = await app.app.get(IntegrityAnalysisService).run(...beijingMonthOf(new Date()));
    const staff = app.app.get(StaffDirectoryService);
    const idOf = async (username: string) => (await staff.findByUsername(username))!.id;
    const fired = firings.map((f) => `${f.indicator}:${f.official.actorId}`);
    expect(fired).toEqual(
      expect.arrayContaining([
        `deviation_run:${await idOf('demo.analyst')}`,
        `closeness:${await idOf('demo.xihu')}`,
        `overdue:${await idOf('demo.xihu')}`,
        `bulk_reads:${await idOf('demo.gongshu')}`,
      ]),
    );
  }, 60_000);
});
