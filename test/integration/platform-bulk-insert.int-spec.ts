import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import {
  bulkInsert,
  bulkMode,
  nextIds,
  setBulkMode,
  type BulkTable,
  type BulkValue,
} from '../../src/platform/database/bulk-insert';
import { EmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import { createTestDatabase } from '../support/database';

// The bulk writer's two paths write the same rows: COPY on PostgreSQL, one INSERT ... unnest on
// PGlite (and on PostgreSQL when pinned), with the characters COPY's text format must escape.
const TABLE: BulkTable = {
  name: 'bulk_probe',
  columns: [
    { name: 'id', type: 'bigint' },
    { name: 'label', type: 'text' },
    { name: 'owner', type: 'uuid' },
    { name: 'doc', type: 'jsonb' },
    { name: 'hash', type: 'bytea' },
    { name: 'day', type: 'date' },
    { name: 'tags', type: 'text[]' },
    { name: 'ok', type: 'boolean' },
  ],
};
const CREATE = `CREATE TABLE bulk_probe (id bigint PRIMARY KEY, label text, owner uuid, doc jsonb, hash bytea, day date, tags text[], ok boolean,
                                        added_at timestamptz NOT NULL DEFAULT now())`;
const TRICKY = 'tab\there, line\nbreak, cr\r, back\\slash, "quoted", 中文, \\N';
const rows = (base: number): BulkValue[][] => [
  [
    base + 1,
    TRICKY,
    '0b7c5d0e-7f8e-4a55-9d7b-2f6a4c1e9a01',
    { json: JSON.stringify({ text: TRICKY, n: 1.5, nested: { a: [1, null] } }) },
    Buffer.from([0, 1, 0x5c, 0xff]),
    '2026-01-31',
    ['a b', 'c"d', 'e\\f', '{g}'],
    true,
  ],
  [base + 2, null, null, { json: 'null' }, null, null, [], false],
  [
    base + 3,
    '',
    '0b7c5d0e-7f8e-4a55-9d7b-2f6a4c1e9a02',
    { json: '"plain \\\\ text"' },
    Buffer.alloc(0),
    '1720-01-01',
    ['x'],
    null,
  ],
];

async function readBack(db: DataSource, from: number): Promise<unknown[]> {
  const found: Array<Record<string, unknown>> = await db.query(
    `SELECT id::int - $1::int AS n, label, owner, doc, encode(hash, 'hex') AS hash, to_char(day, 'YYYY-MM-DD') AS day, tags, ok, added_at IS NOT NULL AS defaulted
       FROM bulk_probe WHERE id > $1 AND id <= $1 + 3 ORDER BY id`,
    [from],
  );
  return found;
}

const EXPECTED = [
  {
    n: 1,
    label: TRICKY,
    owner: '0b7c5d0e-7f8e-4a55-9d7b-2f6a4c1e9a01',
    doc: { text: TRICKY, n: 1.5, nested: { a: [1, null] } },
    hash: '00015cff',
    day: '2026-01-31',
    tags: ['a b', 'c"d', 'e\\f', '{g}'],
    ok: true,
    defaulted: true,
  },
  { n: 2, label: null, owner: null, doc: null, hash: null, day: null, tags: [], ok: false, defaulted: true },
  {
    n: 3,
    label: '',
    owner: '0b7c5d0e-7f8e-4a55-9d7b-2f6a4c1e9a02',
    doc: 'plain \\ text',
    hash: '',
    day: '1720-01-01',
    tags: ['x'],
    ok: null,
    defaulted: true,
  },
];

describe('bulk insert on PostgreSQL', () => {
  let db: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await createTestDatabase();
    drop = created.drop;
    db = await new DataSource({ type: 'postgres', url: created.url }).initialize();
    await db.query(CREATE);
  });

  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it('should use COPY on PostgreSQL and store every value as written', async () => {
    expect(await bulkMode(db.manager)).toBe('copy');
    await db.transaction((m) => bulkInsert(m, TABLE, rows(0)));
    expect(await readBack(db, 0)).toEqual(EXPECTED);
  });

  it('should store the same rows through the INSERT path', async () => {
    setBulkMode(db, 'insert');
    try {
      await db.transaction((m) => bulkInsert(m, TABLE, rows(10)));
    } finally {
      setBulkMode(db, 'copy');
    }
    expect(await readBack(db, 10)).toEqual(EXPECTED);
  });

  it('should fail the transaction with the constraint code when a COPY row breaks a unique index, and keep nothing of it', async () => {
    const error = await db
      .transaction((m) =>
        bulkInsert(m, TABLE, [...rows(20), [21, 'again', null, { json: '{}' }, null, null, [], true]]),
      )
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('23505');
    expect(await readBack(db, 20)).toEqual([]);
  });

  it('should write many rows in one COPY (more than one chunk)', async () => {
    const many = Array.from({ length: 20_000 }, (_, i): BulkValue[] => [
      100_000 + i,
      `row ${i}\t${'x'.repeat(60)}`,
      null,
      { json: `{"i":${i}}` },
      Buffer.from([i & 0xff]),
      '2026-01-01',
      [String(i)],
      i % 2 === 0,
    ]);
    await db.transaction((m) => bulkInsert(m, TABLE, many));
    const [{ n, sum }] = await db.query(
      `SELECT count(*)::int AS n, sum((doc->>'i')::int)::bigint AS sum FROM bulk_probe WHERE id >= 100000`,
    );
    expect(n).toBe(20_000);
    expect(Number(sum)).toBe((19_999 * 20_000) / 2);
  });

  it('should hand out distinct sequence values in one round trip', async () => {
    await db.query(`CREATE SEQUENCE bulk_probe_seq`);
    const ids = await db.transaction((m) => nextIds(m, 'bulk_probe_seq', 500));
    expect(new Set(ids).size).toBe(500);
  });
});

describe('bulk insert on the embedded PGlite', () => {
  let dataDir: string;
  let embedded: EmbeddedPostgres;
  let db: DataSource;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'risk-bulk-pglite-'));
    embedded = await EmbeddedPostgres.start(dataDir);
    db = await new DataSource({ type: 'postgres', url: embedded.url, extra: { max: 2 } }).initialize();
    await db.query(CREATE);
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should fall back to the INSERT path, deciding so inside the transaction (PGlite has one session), and store every value as written', async () => {
    await db.transaction((m) => bulkInsert(m, TABLE, rows(0)));
    expect(await bulkMode(db.manager)).toBe('insert');
    expect(await readBack(db, 0)).toEqual(EXPECTED);
  });
});
