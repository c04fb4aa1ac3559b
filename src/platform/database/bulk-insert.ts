import { once } from 'node:events';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Bulk writes for the hot tables (records, leaves, assessments, deliveries): PostgreSQL's COPY
 * FROM STDIN (pg-copy-streams), several times cheaper per row than an INSERT of the same rows in
 * both the service and the backend. PGlite, the embedded default, cannot take COPY FROM STDIN
 * over its wire server; there the same rows go in as one INSERT ... SELECT FROM unnest(...).
 */
export type BulkMode = 'copy' | 'insert';

/** A column and its PostgreSQL type (for the unnest casts; COPY reads the text as the column's type). */
export interface BulkColumn {
  name: string;
  type:
    | 'text'
    | 'uuid'
    | 'integer'
    | 'bigint'
    | 'bytea'
    | 'jsonb'
    | 'date'
    | 'timestamptz'
    | 'boolean'
    | 'numeric'
    | 'text[]'
    | (string & {});
}

export interface BulkTable {
  name: string;
  columns: readonly BulkColumn[];
}

/** A jsonb value given as its JSON text, so it is neither parsed nor serialised again here. */
export interface JsonText {
  json: string;
}

export type BulkValue = string | number | bigint | boolean | Uint8Array | JsonText | readonly string[] | null;

const modes = new WeakMap<DataSource, Promise<BulkMode>>();

/**
 * The mode for a data source: COPY unless it is PGlite (asked once per data source). Asked on the
 * caller's own connection: PGlite serves one session at a time, so a second connection would wait
 * for the caller's transaction to end, and that transaction for the answer.
 */
export function bulkMode(manager: EntityManager): Promise<BulkMode> {
  const dataSource = manager.connection;
  let mode = modes.get(dataSource);
  if (!mode) {
    mode = manager
      .query(`SELECT version() AS v`)
      .then((rows: Array<{ v: string }>) => (/PGlite/i.test(rows[0]?.v ?? '') ? 'insert' : 'copy'));
    modes.set(dataSource, mode);
    mode.catch(() => modes.delete(dataSource)); // asked again next time
  }
  return mode;
}

/** Pins the mode (tests use it to run the INSERT path against PostgreSQL too). */
export function setBulkMode(dataSource: DataSource, mode: BulkMode): void {
  modes.set(dataSource, Promise.resolve(mode));
}

/**
 * Writes the rows into the table in the manager's transaction. Rows are arrays in the order of
 * `table.columns`. Nothing is returned: callers choose their ids (uuid, or sequence values taken
 * with nextIds) before writing.
 */
export async function bulkInsert(
  manager: EntityManager,
  table: BulkTable,
  rows: ReadonlyArray<readonly BulkValue[]>,
): Promise<void> {
  if (rows.length === 0) return;
  const mode = await bulkMode(manager);
  // A few rows cost the same either way, and the INSERT is one round trip less.
  if (mode === 'copy' && manager.queryRunner && rows.length >= COPY_FROM_ROWS)
    return copyRows((await manager.queryRunner.connect()) as PoolClient, table, rows);
  return insertRows(manager, table, rows);
}

/** `count` values of a sequence, in one round trip. */
export async function nextIds(manager: EntityManager, sequence: string, count: number): Promise<string[]> {
  if (count === 0) return [];
  const rows: Array<{ id: string }> = await manager.query(
    `SELECT nextval($1::regclass)::text AS id FROM generate_series(1, $2::int)`,
    [sequence, count],
  );
  return rows.map((r) => r.id);
}

const CHUNK_CHARS = 1 << 20;
const COPY_FROM_ROWS = 32;

async function copyRows(
  client: PoolClient,
  table: BulkTable,
  rows: ReadonlyArray<readonly BulkValue[]>,
): Promise<void> {
  const stream = client.query(
    copyFrom(`COPY ${quoteIdent(table.name)} (${table.columns.map((c) => quoteIdent(c.name)).join(', ')}) FROM STDIN`),
  );
  const done = once(stream, 'finish');
  // A failed COPY (constraint, bad value) ends the stream with an error: surface it, not a hang.
  const failed = once(stream, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined); // handled by the races below, also when it fails between them
  let chunk = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i += 1) chunk += (i === 0 ? '' : '\t') + copyField(row[i]);
    chunk += '\n';
    if (chunk.length >= CHUNK_CHARS) {
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
      chunk = '';
    }
  }
  stream.end(chunk);
  await Promise.race([done, failed]);
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One field in COPY's text format: \N for NULL, backslash escapes, bytea as \\x hex. */
export function copyField(value: BulkValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return copyText(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Uint8Array)
    return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (Array.isArray(value)) return copyText(pgArrayLiteral(value as readonly string[]));
  return copyText((value as JsonText).json);
}

function copyText(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]) : text;
}

/** A text[] literal: every element quoted, quotes and backslashes escaped. */
function pgArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** The fallback: one INSERT of all rows, a parameter per column (arrays unnested in step). */
async function insertRows(
  manager: EntityManager,
  table: BulkTable,
  rows: ReadonlyArray<readonly BulkValue[]>,
): Promise<void> {
  const params = table.columns.map((column, i) =>
    rows.map((row) => {
      const v = row[i];
      if (v === null || typeof v !== 'object' || v instanceof Uint8Array)
        return typeof v === 'bigint'
          ? String(v)
          : v instanceof Uint8Array
            ? Buffer.from(v.buffer, v.byteOffset, v.byteLength)
            : v;
      if (Array.isArray(v)) return pgArrayLiteral(v as readonly string[]);
      return (v as JsonText).json;
    }),
  );
  // unnest cannot take an array of arrays as one column: text[] values travel as their literals.
  const casts = table.columns.map((c, i) => (c.type.endsWith('[]') ? `u.c${i}::${c.type}` : `u.c${i}`));
  const unnestTypes = table.columns.map((c, i) => `$${i + 1}::${c.type.endsWith('[]') ? 'text' : c.type}[]`);
  await manager.query(
    `INSERT INTO ${quoteIdent(table.name)} (${table.columns.map((c) => quoteIdent(c.name)).join(', ')})
     SELECT ${casts.join(', ')} FROM unnest(${unnestTypes.join(', ')}) AS u(${table.columns.map((_, i) => `c${i}`).join(', ')})`,
    params,
  );
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
