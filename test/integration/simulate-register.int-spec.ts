import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { defaultStartMonth } from '../../src/ingest/simulator/cli-args';
import { FirmRegistrar } from '../../src/ingest/simulator/firm-registrar';
import { simulateTrajectories } from '../../src/ingest/simulator/firm-trajectory';
import { KafkaRecordSender } from '../../src/ingest/simulator/kafka-sender';
import { trajectoryRecords } from '../../src/ingest/simulator/trajectory-records';
import { TOPIC_BY_KIND } from '../../src/ingest/topics';
import { startTestApp } from '../support/app';
import { alertsEnv } from '../support/alerts-app';
import { createTestDatabase } from '../support/database';
import { testServices } from '../support/services';
import { waitFor } from '../support/wait-for';

// What `npm run simulate -- --to kafka --register ...` does, against a running service: the firms
// are registered first, so every record is stored (none dead-lettered as unknown_firm) and scored.
describe('simulate --register', () => {
  const prefix = `t${randomUUID().slice(0, 8)}.`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_PREFIX: `g${randomUUID().slice(0, 8)}`,
      SCORING_POLL_INTERVAL_MS: '200',
      ...alertsEnv({ ALERTS_ROBOTS: 'false' }),
    });
    dataSource = app.app.get(DataSource);
    await app.app.get(StaffDirectoryService).create({
      username: 'sim.admin',
      displayName: '模拟管理员',
      role: 'admin',
      regionCode: '330100',
      password: 'simulate-admin-2026',
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should store and score every record of registered simulated firms sent over Kafka', async () => {
    const trajectories = simulateTrajectories({
      seed: 7,
      firms: 4,
      months: 4,
      startMonth: defaultStartMonth(4),
      deterioratingShare: 0.5,
    });
    const records = trajectoryRecords(trajectories);
    const registrar = new FirmRegistrar(app.url);
    await registrar.login('sim.admin', 'simulate-admin-2026');
    expect(
      await registrar.register(
        trajectories.map((t) => t.firm),
        false,
      ),
    ).toMatchObject({ registered: 4, existing: 0 });
    expect(
      await registrar.register(
        trajectories.map((t) => t.firm),
        false,
      ),
    ).toMatchObject({ registered: 0, existing: 4 }); // a second run keeps them

    const sender = new KafkaRecordSender(testServices().kafkaBrokers, (kind) => prefix + TOPIC_BY_KIND[kind]);
    await sender.open();
    try {
      await sender.send(records);
    } finally {
      await sender.close();
    }
    const stored = await waitFor(
      `all ${records.length} simulated records to be stored`,
      async () => {
        const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM ingest_records`);
        return row.n >= records.length ? row.n : undefined;
      },
      60_000,
      250,
    );
    expect(stored).toBe(records.length);
    const ids = (
      await dataSource.query(`SELECT id FROM firms WHERE credit_code = ANY($1)`, [
        trajectories.map((t) => t.firm.creditCode),
      ])
    ).map((r: { id: string }) => r.id);
    await waitFor(
      'every simulated firm to be assessed after its records',
      async () => {
        const [row] = await dataSource.query(
          `SELECT count(DISTINCT firm_id)::int AS n FROM assessments WHERE firm_id = ANY($1) AND trigger <> 'full'`,
          [ids],
        );
        return row.n === 4 || undefined;
      },
      60_000,
      250,
    );
    const [graded] = await dataSource.query(
      `SELECT count(*)::int AS n FROM assessments WHERE firm_id = ANY($1) AND (explanation->'rulesFired') IS NOT NULL`,
      [ids],
    );
    expect(graded.n).toBeGreaterThan(0);
  }, 120_000);
});
