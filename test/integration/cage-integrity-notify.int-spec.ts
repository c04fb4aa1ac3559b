import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AlertsDirectoryService } from '../../src/alerts/directory/alerts-directory.service';
import { seedDemoStaff } from '../../src/staff/demo-staff';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { IntegrityAlertNotifier } from '../../src/cage/integrity-notify/integrity-alert-notifier.service';
import { appendIntegrityAlert } from '../../src/cage/overdue-watch.service';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';

// 廉政风险预警 through the alert channels: to the discipline inspectors of the official's region (an
// inspector sees a city), never to the official concerned (even an inspector), their superiors, or another city.
describe(IntegrityAlertNotifier.name, () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, ROLE: 'api' });
    const staff = app.app.get(StaffDirectoryService);
    await seedDemoStaff(staff);
    for (const [username, regionCode] of [
      ['insp.city', '330100'],
      ['insp.city2', '330100'],
      ['insp.ningbo', '330200'],
    ]) {
      await staff.create({
        username,
        displayName: username,
        role: 'discipline_inspector',
        regionCode,
        password: 'inspector-password-2026',
      });
    }
    for (const username of ['demo.xihu', 'demo.section', 'demo.inspector', 'insp.city', 'insp.city2', 'insp.ningbo'])
      ids[username] = (await staff.findByUsername(username))!.id;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should send an integrity alert once, to the inspectors of the official’s city, not to its subjects', async () => {
    const dataSource = app.app.get(DataSource);
    const alertId = await dataSource.transaction((m) =>
      appendIntegrityAlert(
        m,
        {
          subjectKey: 'test:notify',
          indicator: 'overdue',
          // An inspector can be the subject too: then they do not hear of it.
          subjectStaffIds: [ids['demo.xihu'], ids['insp.city2']],
          subjectRole: 'county_officer',
          regionCode: '330106',
          firmId: null,
          summary: '演示 西湖区属地监管员 签收预警后逾期未处置',
          evidence: {},
        },
        new Date(),
      ),
    );
    const notifier = app.app.get(IntegrityAlertNotifier);
    expect(await notifier.sendPending()).toBe(1);
    expect(await notifier.sendPending()).toBe(0);

    const [row] = await dataSource.query(
      `SELECT recipients, deliveries FROM integrity_alert_notifications WHERE integrity_alert_id = $1`,
      [alertId],
    );
    const recipients = (row.recipients as Array<{ id: string }>).map((r) => r.id).sort();
    expect(recipients).toEqual([ids['insp.city'], ids['demo.inspector']].sort());
    expect(recipients).not.toContain(ids['demo.xihu']);
    expect(recipients).not.toContain(ids['demo.section']);
    expect(recipients).not.toContain(ids['insp.ningbo']);
    // Every recipient got it on the log channel at least (the others are not configured in tests).
    const logged = (row.deliveries as Array<{ channel: string; status: string; recipientIds: string[] }>).filter(
      (d) => d.channel === 'log' && d.status === 'delivered',
    );
    expect(logged.flatMap((d) => d.recipientIds).sort()).toEqual(recipients);
    // The record of who was told is append-only.
    await expect(dataSource.query(`DELETE FROM integrity_alert_notifications`)).rejects.toThrow();
  });
});

// The embedded default (PGlite) serves one session at a time: a send must not wait, inside its
// transaction, on a read through another connection. It did (a cold directory cache), and the
// database stalled until its 60 s idle-in-transaction limit, then the round failed and began again.
describe(`${IntegrityAlertNotifier.name} on the embedded database`, () => {
  let app: RunningApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'risk-pglite-integrity-'));
    app = await startTestApp({ DATA_DIR: dataDir, ROLE: 'api' });
    await seedDemoStaff(app.app.get(StaffDirectoryService));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should send a pending integrity alert with the directory not yet read, in seconds', async () => {
    const dataSource = app.app.get(DataSource);
    const subject = (await app.app.get(StaffDirectoryService).findByUsername('demo.xihu'))!;
    await dataSource.transaction((m) =>
      appendIntegrityAlert(
        m,
        {
          subjectKey: 'test:embedded',
          indicator: 'overdue',
          subjectStaffIds: [subject.id],
          subjectRole: 'county_officer',
          regionCode: '330106',
          firmId: null,
          summary: '嵌入式数据库上的廉政预警',
          evidence: {},
        },
        new Date(),
      ),
    );
    app.app.get(AlertsDirectoryService).invalidate();
    const started = Date.now();
    const sent = await Promise.race([
      app.app.get(IntegrityAlertNotifier).sendPending(),
      new Promise<'stalled'>((resolve) => setTimeout(() => resolve('stalled'), 15_000)),
    ]);
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 90_000);
});
