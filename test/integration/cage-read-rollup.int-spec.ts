import { DataSource } from 'typeorm';
import { RunningApp } from '../../src/bootstrap';
import { IntegrityAnalysisService } from '../../src/cage/integrity-analysis.service';
import { ReadBatchesService } from '../../src/cage/read-batches.service';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { registerExampleFirms } from '../support/ingest';

// The read indicators from the rollups kept when read batches are sealed: whole Beijing days, the
// hours at a period's edges and the rows not sealed yet give what the raw access log gives.
describe('read rollups', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, ROLE: 'api' });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should count after-hours reads and the busiest hour across sealed and unsealed rows and partial days', async () => {
    const { p2p } = await registerExampleFirms(app.app);
    const dataSource = app.app.get(DataSource);
    const log = (iso: string) =>
      dataSource.query(
        `INSERT INTO staff_access_log (at, staff_id, username, region_code, method, path, firm_id, outcome) VALUES ($1, 'rollup-reader', 'rollup.reader', '330100', 'GET', '/v1/firms/x', $2, 'allowed')`,
        [iso, p2p.id],
      );
    // Mon 10:00-10:20, Mon 20:30, Sat 10:00, Mon 07:59 (Beijing): sealed into a batch and the rollups.
    for (const iso of [
      '2026-03-02T02:00:00Z',
      '2026-03-02T02:10:00Z',
      '2026-03-02T02:20:00Z',
      '2026-03-02T12:30:00Z',
      '2026-03-07T02:00:00Z',
      '2026-03-01T23:59:00Z',
    ])
      await log(iso);
    expect(await app.app.get(ReadBatchesService).seal(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(6);
    // Not sealed yet: two more in the Monday 10:00 hour, and Tue 21:00.
    for (const iso of ['2026-03-02T02:30:00Z', '2026-03-02T02:40:00Z', '2026-03-03T13:00:00Z']) await log(iso);

    const reader = async (from: string, to: string) =>
      (await app.app.get(IntegrityAnalysisService).indicators(new Date(from), new Date(to))).officials.find(
        (o) => o.actorId === 'rollup-reader',
      );
    // A week starting and ending at 08:00 Beijing: days Mar 2-7 whole, Mar 1 and 8 in part.
    expect(await reader('2026-03-01T00:00:00Z', '2026-03-08T00:00:00Z')).toMatchObject({
      afterHoursReads: 4,
      maxReadsPerHour: 5,
    });
    // One hour: three sealed and two unsealed reads in it.
    expect(await reader('2026-03-02T02:00:00Z', '2026-03-02T03:00:00Z')).toMatchObject({
      afterHoursReads: 0,
      maxReadsPerHour: 5,
    });
    // Whole days only (Beijing Mar 2 00:00 - Mar 4 00:00): the unsealed rows join the day rollup.
    expect(await reader('2026-03-01T16:00:00Z', '2026-03-03T16:00:00Z')).toMatchObject({
      afterHoursReads: 3,
      maxReadsPerHour: 5,
    });
    expect(await reader('2026-03-02T12:00:00Z', '2026-03-02T13:00:00Z')).toMatchObject({
      afterHoursReads: 1,
      maxReadsPerHour: 1,
    });
  });
});
