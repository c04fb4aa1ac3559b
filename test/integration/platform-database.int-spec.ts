import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { FirmsService } from '../../src/firms/firms.service';
import { ValidationFailed } from '../../src/platform/errors/domain-error';
import { getJson, startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { testServices, withDatabase } from '../support/services';

async function appliedMigrations(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT name FROM schema_migrations ORDER BY id');
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe('service on PostgreSQL and on PGlite', () => {
  it('should apply the migrations on an empty PostgreSQL database and report healthy', async () => {
    const { databaseUrl } = testServices();
    const name = `risk_test_empty_${Date.now()}`;
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = withDatabase(databaseUrl, name);
    const app = await startTestApp({ DATABASE_URL: url, MIGRATE_ON_START: 'true' });
    try {
      expect(await appliedMigrations(url)).toContain('Firms1764086400000');
      const health = await getJson(`${app.url}/health`);
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('ok');
      expect(health.body.dependencies.database).toMatchObject({
        ok: true,
        detail: expect.stringMatching(/^PostgreSQL \d+/),
      });
    } finally {
      await app.close();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('should start on the embedded PGlite with the same migrations and demo firms', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'risk-pglite-'));
    const app = await startTestApp({ DATA_DIR: dataDir, DEMO_DATA: 'true' });
    try {
      const health = await getJson(`${app.url}/health`);
      expect(health.status).toBe(200);
      expect(health.body.dependencies.database.ok).toBe(true);
      expect(health.body.dependencies.ledger.detail).toMatch(/local/);
      expect(await app.app.get(FirmsService).count()).toBe(6);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('should refuse an invalid firm with the field and the reason, and keep a valid one', async () => {
    const db = await createTestDatabase();
    const app = await startTestApp({ DATABASE_URL: db.url });
    try {
      const firms = app.app.get(FirmsService);
      const bad = firms.register({
        creditCode: '91350100M000100Y44',
        name: ' ',
        kind: 'micro_loan',
        regionCode: '350100',
      });
      await expect(bad).rejects.toBeInstanceOf(ValidationFailed);
      await expect(bad).rejects.toMatchObject({
        problems: [
          { pointer: '/creditCode', detail: 'unified social credit code has a wrong check character (GB 32100)' },
          { pointer: '/name', detail: 'must be a non-empty name' },
        ],
      });
      const good = await firms.register({
        creditCode: '91350100M000100Y43',
        name: '示例小贷',
        kind: 'micro_loan',
        regionCode: '350102',
      });
      expect(await firms.byCreditCode('91350100M000100Y43')).toMatchObject({ id: good.id, licenceStatus: 'licensed' });
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('should report not ready with 503 when PostgreSQL goes away', async () => {
    const db = await createTestDatabase();
    const app = await startTestApp({ DATABASE_URL: db.url });
    try {
      await db.drop(); // terminates the app's connections (WITH FORCE)
      const health = await getJson(`${app.url}/health`);
      expect(health.status).toBe(503);
      expect(health.body.dependencies.database.ok).toBe(false);
      expect((await getJson(`${app.url}/health/live`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
