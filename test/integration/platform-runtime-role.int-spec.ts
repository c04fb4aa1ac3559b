import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DEMO_STAFF_PASSWORD, seedDemoStaff } from '../../src/staff/demo-staff';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import type { RunningApp } from '../../src/bootstrap';
import { examples } from '../../src/ingest/schemas/examples';
import { startTestApp } from '../support/app';
import { loginToken } from '../support/auth';
import { createTestDatabase } from '../support/database';
import { testServices } from '../support/services';
import { push, registerExampleFirms } from '../support/ingest';
import { waitFor } from '../support/wait-for';

describe("the service's database role (risk_runtime) and the TRUNCATE guards", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let owner: Client;
  let runtime: Client;
  let runtimeUrl: string;
  // A login role of this test only, member of the group role the migrations grant to.
  const login = `risk_rt_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = new Client({ connectionString: db.url });
    await owner.connect();
    await owner.query(`CREATE ROLE ${login} LOGIN PASSWORD '${password}' IN ROLE risk_runtime`);
    const url = new URL(db.url);
    url.username = login;
    url.password = password;
    runtimeUrl = url.toString();
    runtime = new Client({ connectionString: runtimeUrl });
    await runtime.connect();
  });

  afterAll(async () => {
    await runtime?.end();
    await owner?.end();
    await db?.drop();
    // Roles belong to the whole server: remove this test's login role there.
    const admin = new Client({ connectionString: testServices().databaseUrl });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${login}`).finally(() => admin.end());
  });

  it('should refuse TRUNCATE of the access log and the anchoring queue even to the owner', async () => {
    await expect(owner.query(`TRUNCATE staff_access_log`)).rejects.toThrow(/append-only: TRUNCATE/);
    await expect(owner.query(`TRUNCATE evidence_pending`)).rejects.toThrow(/append-only: TRUNCATE/);
  });

  it('should let the runtime role neither switch off the guards nor change evidence', async () => {
    for (const sql of [
      `ALTER TABLE evidence_leaves DISABLE TRIGGER ALL`,
      `ALTER TABLE staff_access_log DISABLE TRIGGER staff_access_log_append_only`,
      `DROP TRIGGER staff_access_log_append_only ON staff_access_log`,
    ]) {
      await expect(runtime.query(sql)).rejects.toThrow(/must be owner/);
    }
    for (const sql of [
      `UPDATE staff_access_log SET reason = 'x'`,
      `DELETE FROM evidence_leaves`,
      `TRUNCATE alert_deliveries`,
      `UPDATE evidence_pending SET leaf_id = leaf_id`,
      `DELETE FROM schema_migrations`,
    ]) {
      await expect(runtime.query(sql)).rejects.toThrow(/permission denied/);
    }
    // What it needs: write the access log, change mutable rows, take leaves off the anchoring queue.
    await runtime.query(
      `INSERT INTO staff_access_log (at, method, path, outcome) VALUES (now(), 'GET', '/probe', 'allowed')`,
    );
    await runtime.query(`UPDATE staff_users SET failed_logins = 0 WHERE false`);
    await runtime.query(`DELETE FROM evidence_pending WHERE false`);
  });

  it('should run the service as the runtime role: sign-in, intake and anchoring', async () => {
    let app: RunningApp | undefined;
    try {
      app = await startTestApp({ DATABASE_URL: runtimeUrl, ANCHOR_INTERVAL_MS: '200' });
      await seedDemoStaff(app.app.get(StaffDirectoryService));
      await loginToken(app.url, 'demo.analyst', DEMO_STAFF_PASSWORD);
      const firms = await registerExampleFirms(app.app);
      const answer = await push(app.url, '/v1/ingest/p2p_report', firms.p2p.key, examples.p2pReport());
      expect(answer.status).toBe(201);
      const dataSource = app.app.get(DataSource);
      await waitFor(
        "the record's leaf to be sequenced",
        async () =>
          (await dataSource.query(`SELECT count(*)::int AS n FROM evidence_pending`))[0].n === 0 &&
          (await dataSource.query(`SELECT 1 FROM evidence_log LIMIT 1`)).length > 0,
        15_000,
      );
    } finally {
      await app?.close();
    }
  });
});
