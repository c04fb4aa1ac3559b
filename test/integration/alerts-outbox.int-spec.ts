import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ManualClock } from '../../src/platform/clock';
import {
  alertsEnv,
  assessmentSignal,
  seedAlertsWorld,
  startAlertsTestApp,
  type AlertsTestApp,
  type AlertsWorld,
} from '../support/alerts-app';
import { startWeComReceiver } from '../support/alerts-receivers';
import { createTestDatabase } from '../support/database';
import { waitFor } from '../support/wait-for';

const ROOT = path.resolve(__dirname, '../..');
// One short attempt: the outbox lease (twice the longest delivery plus a second) is then 2 s.
const ENV = { ALERTS_MAX_ATTEMPTS: '1', ALERTS_ATTEMPT_TIMEOUT_MS: '500' };

describe('alert outbox: a notification decided is sent even if its process dies', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let wecom: Awaited<ReturnType<typeof startWeComReceiver>>;
  let app: AlertsTestApp | undefined;
  let world: AlertsWorld;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
  const outbox = () =>
    app!.dataSource.query(`SELECT event_id, alert_id, kind, sends FROM alert_outbox ORDER BY created_at`) as Promise<
      Array<{ event_id: string; alert_id: string; kind: string; sends: number }>
    >;

  beforeAll(async () => {
    db = await createTestDatabase();
    wecom = await startWeComReceiver();
    // The api role: signals and deliveries, but no escalation timer nor outbox sweeper.
    app = await startAlertsTestApp(db.url, alertsEnv(ENV), clock, 'api');
    world = await seedAlertsWorld(app, { wecomUrl: wecom.url });
  });

  afterAll(async () => {
    await app?.close();
    await wecom?.close();
    await db?.drop();
  });

  it('should leave nothing in the outbox once the deliveries of a notification are stored', async () => {
    const result = await app!.alerts.onSignal(
      assessmentSignal({ firmId: world.firms.gongshu, tier: 'blue', assessedAt: clock.now() }),
    );
    expect(await outbox()).toEqual([expect.objectContaining({ alert_id: result.alert!.id, kind: 'opened', sends: 1 })]);
    await result.delivered;
    expect(await outbox()).toEqual([]);
    expect(await app!.notifier.resendLost()).toBe(0);
  });

  it('should send again, once its lease has run out, a notification whose process was killed right after deciding it', async () => {
    const received = wecom.requests.length;
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'test/support/alerts-signal-then-die.ts',
        db.url,
        world.firms.xihu,
        JSON.stringify(alertsEnv(ENV)),
      ],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });

    // The decision is stored, nothing was sent and nothing says it was.
    const [notification] = (await app!.dataSource.query(
      `SELECT e.id, e.alert_id FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.firm_id = $1 AND e.kind = 'notification'`,
      [world.firms.xihu],
    )) as Array<{ id: string; alert_id: string }>;
    expect(notification).toBeDefined();
    expect(await outbox()).toEqual([
      expect.objectContaining({ event_id: notification.id, alert_id: notification.alert_id, kind: 'opened', sends: 1 }),
    ]);
    const deliveries = () =>
      app!.dataSource.query(
        `SELECT recipient_id, channel, status, event_id FROM alert_deliveries WHERE alert_id = $1 ORDER BY channel`,
        [notification.alert_id],
      ) as Promise<Array<{ recipient_id: string; channel: string; status: string; event_id: string }>>;
    expect(await deliveries()).toEqual([]);
    expect(wecom.requests.length).toBe(received);

    // The alerts role's timer finds it once the dead process's lease (2 s) has run out.
    await app!.close();
    app = await startAlertsTestApp(
      db.url,
      alertsEnv({ ...ENV, ALERTS_ESCALATION_INTERVAL_MS: '100' }),
      clock,
      'alerts',
    );
    const rows = await waitFor('the lost notification to be delivered', async () => {
      const r = await deliveries();
      return r.length === 2 && r;
    });
    expect(rows).toEqual([
      { recipient_id: world.staff.xihu.id, channel: 'log', status: 'delivered', event_id: notification.id },
      { recipient_id: world.staff.xihu.id, channel: 'wecom', status: 'delivered', event_id: notification.id },
    ]);
    expect(wecom.accepted.slice(-1).map((m) => m.key)).toEqual([world.staff.xihu.username]);
    expect(wecom.requests.length).toBe(received + 1);
    await waitFor('the outbox to be empty', async () => (await outbox()).length === 0);
    // The deliveries of the resent notification are evidence like any other.
    const [{ n }] = await app!.dataSource.query(
      `SELECT count(*)::int AS n FROM evidence_leaves WHERE record_kind = 'alert_delivery' AND record_id IN (SELECT id::text FROM alert_deliveries WHERE alert_id = $1)`,
      [notification.alert_id],
    );
    expect(n).toBe(2);
  }, 180_000);
});
