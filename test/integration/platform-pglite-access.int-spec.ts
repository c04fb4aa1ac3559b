import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/platform/database/embedded-postgres';

/** Every file and folder under dir with its permission bits. */
function modes(dir: string): Array<{ file: string; mode: number }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => ({
    file,
    mode: statSync(path.join(dir, file)).mode & 0o777,
  }));
}

describe(EmbeddedPostgres.name, () => {
  let root: string;
  let embedded: EmbeddedPostgres;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'risk-pglite-access-'));
    embedded = await EmbeddedPostgres.start(path.join(root, 'pglite'));
  }, 60_000);

  afterAll(async () => {
    await embedded?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const connect = async (user: string, password: string) => {
    const url = new URL(embedded.url);
    const client = new Client({ host: url.hostname, port: Number(url.port), database: 'postgres', user, password });
    await client.connect();
    return client;
  };

  it('should admit the credentials it was started with', async () => {
    const client = new Client({ connectionString: embedded.url });
    await client.connect();
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.end();
  });

  it('should refuse a wrong password and an unknown user with 28P01', async () => {
    const { username } = new URL(embedded.url);
    await expect(connect(username, 'postgres')).rejects.toMatchObject({ code: '28P01' });
    await expect(connect('nobody', 'nobody')).rejects.toMatchObject({ code: '28P01' });
  });

  it('should hold other connections back while one is inside a transaction, and let them in after COMMIT', async () => {
    const [a, b] = [new Client({ connectionString: embedded.url }), new Client({ connectionString: embedded.url })];
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('CREATE TABLE gate_probe (n int)');
      await a.query('BEGIN');
      await a.query('INSERT INTO gate_probe VALUES (1)');
      let seenByB: number | undefined;
      const bReads = b.query('SELECT count(*)::int AS n FROM gate_probe').then((r) => (seenByB = r.rows[0].n));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seenByB).toBeUndefined(); // not run inside a's transaction
      await a.query('INSERT INTO gate_probe VALUES (2)');
      await a.query('COMMIT');
      await bReads;
      expect(seenByB).toBe(2);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('should roll back and free the session when a connection goes away inside a transaction', async () => {
    const a = new Client({ connectionString: embedded.url });
    await a.connect();
    a.on('error', () => undefined);
    await a.query('CREATE TABLE left_behind (n int)');
    await a.query('BEGIN');
    await a.query('INSERT INTO left_behind VALUES (1)');
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const b = new Client({ connectionString: embedded.url });
    await b.connect();
    try {
      expect((await b.query('SELECT count(*)::int AS n FROM left_behind')).rows).toEqual([{ n: 0 }]);
    } finally {
      await b.end();
    }
  });

  it('should keep the data folder and its files to the owner when it starts', () => {
    expect(statSync(path.join(root, 'pglite')).mode & 0o777).toBe(0o700);
    const open = modes(path.join(root, 'pglite')).filter(({ mode }) => (mode & 0o077) !== 0);
    expect(open).toEqual([]);
  });
});
