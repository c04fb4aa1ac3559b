import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AnchorService } from '../../src/evidence-chain/anchor/anchor.service';
import { RunningApp } from '../../src/bootstrap';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { appendTestLeaves, chainEnv } from '../support/evidence';
import { startValidator, stopValidator } from '../support/validators';
import { waitFor } from '../support/wait-for';

const ROOT = path.resolve(__dirname, '..', '..');

async function anchoredSizes(db: DataSource | Client): Promise<number[]> {
  const sql = `SELECT tree_size FROM evidence_anchors ORDER BY tree_size`;
  const rows: Array<{ tree_size: string }> = db instanceof Client ? (await db.query(sql)).rows : await db.query(sql);
  return rows.map((r) => Number(r.tree_size));
}

async function unanchoredCount(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query(
    `SELECT count(*)::int AS n FROM evidence_checkpoints c WHERE NOT EXISTS (SELECT 1 FROM evidence_anchors a WHERE a.tree_size = c.tree_size)`,
  );
  return row.n;
}

describe('anchoring under validator and process failures', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp(chainEnv(db.url).env);
    dataSource = app.app.get(DataSource);
  });

  afterAll(async () => {
    for (const n of [2, 3]) startValidator(n); // whatever happened, leave the net whole
    await app?.close();
    await db?.drop();
  });

  it('should keep anchoring with 1 of 4 validators stopped', async () => {
    stopValidator(3);
    try {
      await appendTestLeaves(dataSource, 50, null);
      await waitFor(
        'a checkpoint covering the new leaves to be anchored',
        async () => (await anchoredSizes(dataSource)).at(-1) === 51 || (await anchoredSizes(dataSource)).at(-1) === 50,
        40000,
      );
    } finally {
      startValidator(3);
    }
  }, 120_000);

  it('should queue checkpoints with 2 of 4 stopped and anchor them all in order once they are back', async () => {
    const before = await anchoredSizes(dataSource);
    stopValidator(2);
    stopValidator(3);
    try {
      for (let i = 0; i < 3; i++) {
        await appendTestLeaves(dataSource, 10, null);
        await app.app
          .get(AnchorService)
          .round()
          .catch(() => undefined); // no quorum: the round may fail, nothing is lost
      }
      await waitFor(
        'at least two checkpoints to queue while the chain has no quorum',
        async () => (await unanchoredCount(dataSource)) >= 2,
        30000,
      );
      expect(await anchoredSizes(dataSource)).toEqual(before);
    } finally {
      startValidator(2);
      startValidator(3);
    }
    await waitFor(
      'every queued checkpoint to be anchored',
      async () => (await unanchoredCount(dataSource)) === 0,
      60000,
    );
    const sizes = await anchoredSizes(dataSource);
    expect(sizes.length).toBeGreaterThanOrEqual(before.length + 2);
    const heights: Array<{ height: string }> = await dataSource.query(
      `SELECT height FROM evidence_anchors ORDER BY tree_size`,
    );
    const asNumbers = heights.map((h) => Number(h.height));
    expect([...asNumbers].sort((a, b) => a - b)).toEqual(asNumbers); // anchored in order
  }, 180_000);

  it('should resume without gaps or duplicates after the anchor process is killed', async () => {
    const second = await createTestDatabase();
    const { env } = chainEnv(second.url);
    let starts = 0;
    const spawnAnchor = (): ChildProcess => {
      // The child's log is kept as a test artifact: when this test fails, it says why.
      mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
      const log = openSync(path.join(ROOT, 'test-artifacts', `anchor-child-${++starts}.log`), 'w');
      return spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts', 'anchor'], {
        cwd: ROOT,
        env: {
          ...process.env,
          ...env,
          ANCHOR_INTERVAL_MS: '200',
          HTTP_PORT: '0',
          LOG_LEVEL: 'log',
          LOG_FORMAT: 'text',
          DEMO_DATA: 'false',
        },
        stdio: ['ignore', log, log],
      });
    };
    const client = new Client({ connectionString: second.url });
    await client.connect();
    const writer = await startTestApp({ DATABASE_URL: second.url, ROLE: 'api' });
    let anchor = spawnAnchor();
    try {
      // Writes start once the child anchors (a fresh checkout compiles the TypeScript on its first
      // start), and go on while it works, so the kill lands between checkpoints.
      await appendTestLeaves(writer.app.get(DataSource), 25, null);
      await waitFor(
        'the anchor process to anchor its first checkpoint',
        async () => (await anchoredSizes(client)).length >= 1,
        180_000,
      );
      const writes = (async () => {
        for (let i = 1; i < 20; i++) {
          await appendTestLeaves(writer.app.get(DataSource), 25, null);
          await new Promise((r) => setTimeout(r, 150));
        }
      })();
      await waitFor(
        'the anchor process to anchor a second checkpoint',
        async () => (await anchoredSizes(client)).length >= 2,
        60_000,
      );
      anchor.kill('SIGKILL');
      await new Promise((r) => anchor.once('exit', r));
      anchor = spawnAnchor();
      await writes;
      await waitFor(
        'all 500 leaves to be anchored after the restart',
        async () => (await anchoredSizes(client)).at(-1) === 500,
        180_000,
      );

      const { rows: log } = await client.query(
        `SELECT count(*)::int AS n, max(leaf_index)::int AS last FROM evidence_log`,
      );
      expect(log[0]).toEqual({ n: 500, last: 499 }); // dense: no gaps, no duplicates
      const { rows: checkpoints } = await client.query(`SELECT body FROM evidence_checkpoints ORDER BY tree_size`);
      const signed = checkpoints.map((c) => JSON.parse(c.body));
      for (let i = 1; i < signed.length; i++)
        expect(signed[i].checkpoint.treeSize).toBeGreaterThan(signed[i - 1].checkpoint.treeSize);
      const { rows: txs } = await client.query(
        `SELECT count(DISTINCT tx_hash)::int AS distinct, count(*)::int AS total FROM evidence_anchors`,
      );
      expect(txs[0].distinct).toBe(txs[0].total);
      expect(txs[0].total).toBe(signed.length);
    } finally {
      anchor.kill('SIGKILL');
      await writer.close();
      await client.end();
      await second.drop();
    }
  }, 480_000);
});
