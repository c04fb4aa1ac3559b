import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { AlertsDirectoryService } from '../../src/alerts/directory/alerts-directory.service';
import { ManualClock } from '../../src/platform/clock';
import {
  alertsEnv,
  assessmentSignal,
  call,
  seedAlertsWorld,
  staffToken,
  startAlertsTestApp,
  type AlertsTestApp,
  type AlertsWorld,
} from '../support/alerts-app';
import {
  createBrowserSubscription,
  startReceiver,
  startWeComReceiver,
  type Receiver,
} from '../support/alerts-receivers';
import { createTestDatabase } from '../support/database';

/** A TCP listener standing for an internal service: it counts connections and must never get one. */
async function startTrap(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.end('HTTP/1.1 500 Internal\r\ncontent-length: 27\r\n\r\ninternal-secret-from-a-trap');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('alert destinations: Web Push and robot URLs cannot reach internal services', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: AlertsTestApp;
  let world: AlertsWorld;
  let wecom: Awaited<ReturnType<typeof startWeComReceiver>>;
  let internal: Receiver;
  let trap: Awaited<ReturnType<typeof startTrap>>;
  let xihu: string;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    db = await createTestDatabase();
    trap = await startTrap();
    wecom = await startWeComReceiver();
    // An internal service answering with something only the inside should read.
    internal = await startReceiver(() => ({ status: 500, json: { token: 'SECRET-INTERNAL-TOKEN-7731' } }));
    // Only the receivers' own ports are opened; the trap's port on the same address is not.
    const origins = [wecom.url, internal.url].join(',');
    app = await startAlertsTestApp(db.url, alertsEnv({ ALERTS_TEST_ORIGINS: origins }), clock, 'api');
    world = await seedAlertsWorld(app, { wecomUrl: wecom.url });
    xihu = await staffToken(app.url, world.staff.xihu.username);
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([wecom, internal, trap].map((r) => r?.close()));
    await db?.drop();
  });

  async function subscribeDirectly(staffId: string, endpoint: string): Promise<void> {
    const { subscription } = createBrowserSubscription(endpoint);
    await app.dataSource.query(
      `INSERT INTO push_subscriptions (id, staff_id, endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, $5, now())`,
      [randomUUID(), staffId, subscription.endpoint, subscription.keys.p256dh, subscription.keys.auth],
    );
    app.app.get(AlertsDirectoryService).invalidate();
  }

  it('should refuse to register a push endpoint that is not https on a known push service', async () => {
    const keys = createBrowserSubscription('https://fcm.googleapis.com/fcm/send/x').subscription.keys;
    const refused = [
      [`http://127.0.0.1:${trap.port}/push/x`, 'must be an https: URL, not http:'],
      ['http://169.254.169.254/latest/meta-data/iam/', 'must be an https: URL, not http:'],
      [
        `https://127.0.0.1:${trap.port}/push/x`,
        expect.stringMatching(/^host 127\.0\.0\.1 is not an allowed destination/),
      ],
      [`https://localhost:${trap.port}/push/x`, expect.stringMatching(/^host localhost is not an allowed destination/)],
      [
        'https://[::ffff:127.0.0.1]/push/x',
        expect.stringMatching(/^host \[::ffff:7f00:1\] is not an allowed destination/),
      ],
      ['https://fcm.googleapis.com.attacker.example/push/x', expect.stringMatching(/is not an allowed destination/)],
    ] as const;
    for (const [endpoint, detail] of refused) {
      const answer = await call(`${app.url}/v1/alerts/push-subscriptions`, xihu, 'POST', { endpoint, keys });
      expect([endpoint, answer.status]).toEqual([endpoint, 422]);
      expect(answer.body.errors).toEqual([{ pointer: '/endpoint', detail }]);
    }
    expect(
      (
        await call(`${app.url}/v1/alerts/push-subscriptions`, xihu, 'POST', {
          endpoint: 'https://fcm.googleapis.com/fcm/send/abc-123',
          keys,
        })
      ).status,
    ).toBe(201);
    await app.dataSource.query(`DELETE FROM push_subscriptions`);
    app.app.get(AlertsDirectoryService).invalidate();
    expect(trap.connections()).toBe(0);
  });

  it('should never connect to a stored endpoint on an internal address, and record only its own reason', async () => {
    // A row stored before the endpoint check existed (or written around the API).
    await subscribeDirectly(world.staff.xihu.id, `http://127.0.0.1:${trap.port}/push/legacy`);
    const { alert } = await app.alerts.onSignal(
      assessmentSignal({ firmId: world.firms.xihu, tier: 'blue', assessedAt: clock.now() }),
    );
    await app.notifier.drain();

    expect(trap.connections()).toBe(0);
    const shown = await call(`${app.url}/v1/alerts/${alert!.id}`, xihu);
    const push = shown.body.deliveries.filter((d: { channel: string }) => d.channel === 'webpush');
    expect(push).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 1,
        lastError: 'destination refused: must be an https: URL, not http:',
      }),
    ]);
    // The robot on its opened origin still delivered.
    expect(shown.body.deliveries.find((d: { channel: string }) => d.channel === 'wecom')).toMatchObject({
      status: 'delivered',
    });
    await app.dataSource.query(`DELETE FROM push_subscriptions`);
  });

  it('should store a status code and a reason of its own, never what a push endpoint answered', async () => {
    await subscribeDirectly(world.staff.xihu.id, `${internal.url}/push/v2/reads-internal`);
    const { alert } = await app.alerts.onSignal(
      assessmentSignal({
        firmId: world.firms.xihu,
        cause: { kind: 'rule', ruleId: 'P2P-05' },
        tier: 'blue',
        assessedAt: clock.now(),
      }),
    );
    await app.notifier.drain();

    expect(internal.requests.length).toBeGreaterThan(0);
    const shown = await call(`${app.url}/v1/alerts/${alert!.id}`, xihu);
    expect(shown.body.deliveries.find((d: { channel: string }) => d.channel === 'webpush')).toMatchObject({
      status: 'failed',
      lastError: 'HTTP 500 (server error)',
    });
    expect(JSON.stringify(shown.body)).not.toContain('SECRET-INTERNAL');
    const [{ n }] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM alert_deliveries WHERE last_error LIKE '%SECRET%'`,
    );
    expect(n).toBe(0);
    await app.dataSource.query(`DELETE FROM push_subscriptions`);
  });
});
