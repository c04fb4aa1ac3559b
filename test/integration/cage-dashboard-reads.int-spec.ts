import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { RunningApp } from '../../src/bootstrap';
import { DashboardReadsService } from '../../src/cage/dashboard-reads/dashboard-reads.service';
import { ReadBatchesService } from '../../src/cage/read-batches.service';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { registerExampleFirms, TestFirm } from '../support/ingest';
import { waitFor } from '../support/wait-for';

// 看板查阅留痕: a query through the read-only dashboard role, logged by pgaudit, becomes a read trace
// (an access-log row sealed into a read batch) once the importer has read the log. Where the shared
// cluster loads pgaudit (CI, after scripts/services.sh restarted it) the test uses it; elsewhere it
// starts a throwaway cluster of its own with pgaudit on a spare port; without pgaudit installed it is
// skipped with the reason, except in CI, where that is a failure.

interface AuditedCluster {
  /** Where the dashboard role connects: a database of the test database's name. */
  dashboardUrl: string;
  /** Runs SQL as a superuser of that database. */
  adminUrl: string;
  logPath: string;
  shared: boolean;
  stop(): void;
}

const PG_BIN = readdirSync('/usr/lib/postgresql', { withFileTypes: true })
  .flatMap((d) => (d.isDirectory() ? [`/usr/lib/postgresql/${d.name}`] : []))
  .sort()
  .pop();
const PGAUDIT_INSTALLED = !!PG_BIN && existsSync(`${PG_BIN}/lib/pgaudit.so`);

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

function asUser(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

/** The shared cluster when it loads pgaudit, else a throwaway one; null (with why) when neither can be had. */
async function auditedCluster(testDbUrl: string, dbName: string): Promise<AuditedCluster | string> {
  const [s] = await query<{ libraries: string; dir: string; file: string }>(
    testDbUrl,
    `SELECT current_setting('shared_preload_libraries') AS libraries, current_setting('log_directory') AS dir, current_setting('log_filename') AS file`,
  );
  if (s.libraries.split(',').some((l) => l.trim() === 'pgaudit')) {
    return {
      dashboardUrl: asUser(testDbUrl, 'risk_dashboard', 'risk_dashboard'),
      adminUrl: testDbUrl,
      logPath: join(s.dir, s.file.replace(/\.log$/, '') + '.json'),
      shared: true,
      stop: () => undefined,
    };
  }
  if (!PGAUDIT_INSTALLED)
    return 'pgaudit is not installed (Debian postgresql-15-pgaudit; scripts/services.sh installs it)';
  if (process.getuid?.() !== 0) return 'a throwaway cluster needs root (to run initdb as postgres)';
  const dir = mkdtempSync('/tmp/cage-pgaudit-');
  mkdirSync(join(dir, 'log'));
  for (const d of [dir, join(dir, 'log')])
    chownSync(
      d,
      Number(execFileSync('id', ['-u', 'postgres']).toString()),
      Number(execFileSync('id', ['-g', 'postgres']).toString()),
    );
  const port = 5441 + Math.floor(Math.random() * 50);
  const asPostgres = (cmd: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', `${PG_BIN}/bin/${cmd}`, ...args], {
      stdio: 'pipe',
      timeout: 120_000,
    });
  asPostgres('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'risk', '--no-sync']);
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    `-c listen_addresses=127.0.0.1`,
    `-c fsync=off`,
    `-c shared_preload_libraries=pgaudit`,
    `-c pgaudit.log_relation=on`,
    `-c logging_collector=on`,
    `-c log_destination=jsonlog`,
    `-c log_directory=${join(dir, 'log')}`,
    `-c log_filename=audit.log`,
    `-c log_timezone=UTC`,
    `-c log_file_mode=0640`,
  ];
  asPostgres('pg_ctl', [
    '-D',
    join(dir, 'data'),
    '-l',
    join(dir, 'startup.log'),
    '-o',
    settings.join(' '),
    '-w',
    'start',
  ]);
  const stop = () => {
    try {
      asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const root = `postgres://risk@127.0.0.1:${port}/postgres`;
  await query(root, `CREATE DATABASE ${dbName}`);
  await query(root, `CREATE ROLE risk_dashboard LOGIN PASSWORD 'risk_dashboard'`);
  await query(root, `ALTER ROLE risk_dashboard SET pgaudit.log = 'read'`);
  const adminUrl = `postgres://risk@127.0.0.1:${port}/${dbName}`;
  return {
    dashboardUrl: asUser(adminUrl, 'risk_dashboard', 'risk_dashboard'),
    adminUrl,
    logPath: join(dir, 'log', 'audit.json'),
    shared: false,
    stop,
  };
}

describe(DashboardReadsService.name, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let cluster: AuditedCluster | null = null;
  let app: RunningApp | undefined;
  let firm: TestFirm;

  beforeAll(async () => {
    db = await createTestDatabase();
    const found = await auditedCluster(db.url, db.name);
    if (typeof found === 'string') {
      if (process.env.CI) throw new Error(`CI must run this test: ${found}`);
      process.stdout.write(`skipping the pgaudit import test: ${found}\n`);
      return;
    }
    cluster = found;
    app = await startTestApp({ DATABASE_URL: db.url, ROLE: 'api', CAGE_PGAUDIT_LOG: cluster.logPath });
    ({ p2p: firm } = await registerExampleFirms(app.app));
    if (cluster.shared) {
      // The shared cluster's log holds every earlier test's lines: this database starts reading at its end.
      const info = statSync(cluster.logPath);
      await query(
        db.url,
        `INSERT INTO pgaudit_import_offsets (log_path, file_id, "offset", reads, imported_at) VALUES ($1, $2, $3, 0, now())`,
        [cluster.logPath, `${info.dev}:${info.ino}`, info.size],
      );
    } else {
      // The throwaway cluster holds the firm the dashboard looks at, under the grant the migration gives the role.
      await query(
        cluster.adminUrl,
        `CREATE TABLE firms (id uuid PRIMARY KEY, credit_code text NOT NULL, name text NOT NULL)`,
      );
      await query(cluster.adminUrl, `INSERT INTO firms VALUES ($1, $2, $3)`, [firm.id, firm.creditCode, 'firm']);
      await query(cluster.adminUrl, `GRANT SELECT ON firms TO risk_dashboard`);
    }
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    cluster?.stop();
    await db?.drop();
  });

  const dashboardRows = () =>
    query<{
      id: string;
      username: string;
      firmId: string | null;
      path: string;
      staffId: string | null;
      reason: string;
    }>(
      db.url,
      `SELECT id::text, username, firm_id AS "firmId", path, staff_id AS "staffId", reason FROM staff_access_log WHERE reason = 'dashboard_read' ORDER BY id`,
    );

  it('should turn a dashboard query through the read-only role into one read trace, once, sealed into a read batch', async () => {
    if (!cluster || !app) return;
    const reads = app.app.get(DashboardReadsService);
    expect((await reads.status()).loaded).toBe(cluster.shared);

    await query(
      cluster.dashboardUrl,
      `SELECT name FROM firms WHERE credit_code = '${firm.creditCode}' /* grafana_user=zhang.san */`,
    );
    // The table owner's own reads are not the dashboard's: pgaudit does not log them for this role.
    await query(cluster.adminUrl, `SELECT name FROM firms WHERE credit_code = '${firm.creditCode}'`);
    // Writes are refused to the role (on the shared cluster by the grants of the migration).
    if (cluster.shared)
      await expect(query(cluster.dashboardUrl, `DELETE FROM firms`)).rejects.toThrow(/permission denied|read-only/);

    // The log collector writes asynchronously: import until the read arrives.
    await waitFor(
      'the dashboard read imported from the pgaudit log',
      async () => (await reads.importNew(), (await dashboardRows()).length > 0),
      20_000,
      250,
    );
    const rows = await dashboardRows();
    expect(rows).toEqual([
      {
        id: expect.any(String),
        username: 'risk_dashboard/zhang.san',
        firmId: firm.id,
        path: expect.stringMatching(new RegExp(`^pgaudit:${db.name}/public\\.firms#\\d+\\.1$`)),
        staffId: null,
        reason: 'dashboard_read',
      },
    ]);

    // Imported again, nothing is written twice.
    expect((await reads.importNew()).reads).toBe(0);
    expect(await dashboardRows()).toHaveLength(1);

    // The same read traces as the API's: sealed into a read batch, an evidence leaf.
    await app.app.get(ReadBatchesService).seal(new Date(Date.now() + 60_000));
    const [batch] = await query<{ leaves: number }>(
      db.url,
      `SELECT count(*)::int AS leaves FROM read_batches b JOIN evidence_leaves l ON l.record_id = b.id::text AND l.record_kind = 'read_batch' WHERE $1::bigint BETWEEN b.from_log_id AND b.to_log_id`,
      [rows[0].id],
    );
    expect(batch.leaves).toBe(1);
  }, 60_000);

  it('should grant the dashboard role reads of what dashboards show and nothing else', async () => {
    const [grants] = await query<{ firms: boolean; write: boolean; hashes: boolean; keys: boolean; names: boolean }>(
      db.url,
      `SELECT has_table_privilege('risk_dashboard', 'firms', 'SELECT') AS firms,
              has_table_privilege('risk_dashboard', 'alerts', 'INSERT, UPDATE, DELETE, TRUNCATE') AS write,
              has_column_privilege('risk_dashboard', 'staff_users', 'password_hash', 'SELECT') AS hashes,
              has_table_privilege('risk_dashboard', 'firm_api_keys', 'SELECT') AS keys,
              has_column_privilege('risk_dashboard', 'staff_users', 'display_name', 'SELECT') AS names`,
    );
    expect(grants).toEqual({ firms: true, write: false, hashes: false, keys: false, names: true });
  });
});
