import { ValidationFailed } from '../../platform/errors/domain-error';
import type { CsvColumn } from '../reports/csv';

// Every CSV export is the whole filtered list, read page by page and held in memory: lists an
// analyst exports run to thousands of rows, and the cap keeps one request from taking the process.
export const CSV_PAGE_SIZE = 500;
export const CSV_MAX_ROWS = 100_000;

/** What a `.csv` route declares: the file's name (a date is added) and its columns. */
export interface CsvExportSpec<T> {
  name: string;
  columns: ReadonlyArray<CsvColumn<T>>;
}

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** A list longer than the cap: narrower filters, not a silently cut file. */
export class ExportTooLarge extends ValidationFailed {
  constructor() {
    super(`the export would hold more than ${CSV_MAX_ROWS} rows; narrow it with the list's filters`, [
      { pointer: '/query', detail: `at most ${CSV_MAX_ROWS} rows per export` },
    ]);
  }
}

/** Every row of a cursor-paginated list, CSV_PAGE_SIZE at a time; ExportTooLarge past the cap. */
export async function allPages<T>(
  page: (limit: number, cursor: string | undefined) => Promise<CursorPage<T>>,
): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(CSV_PAGE_SIZE, cursor);
    rows.push(...next.items);
    if (rows.length > CSV_MAX_ROWS) throw new ExportTooLarge();
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

/**
 * The pages of a cursor-paginated list, read one at a time as the download is written (the
 * interceptor streams an AsyncIterable); `total` is counted first so the cap still refuses with 422.
 */
export async function streamedPages<T>(
  total: number,
  page: (limit: number, cursor: string | undefined) => Promise<CursorPage<T>>,
): Promise<AsyncIterable<T[]>> {
  if (total > CSV_MAX_ROWS) throw new ExportTooLarge();
  return (async function* () {
    let cursor: string | undefined;
    do {
      const next = await page(CSV_PAGE_SIZE, cursor);
      yield next.items;
      cursor = next.nextCursor ?? undefined;
    } while (cursor);
  })();
}

/** Rows of a list read in one query of at most CSV_MAX_ROWS + 1 rows: the same cap, the same refusal. */
export function withinCap<T>(rows: T[]): T[] {
  if (rows.length > CSV_MAX_ROWS) throw new ExportTooLarge();
  return rows;
}

/** A list (or list member) as one cell: Chinese enumeration comma, so Excel keeps it in one column. */
export function joined(values: ReadonlyArray<unknown> | null | undefined): string {
  return (values ?? [])
    .map((v) =>
      typeof v === 'string'
        ? v
        : typeof v === 'object' && v !== null && 'text' in v
          ? String(v.text)
          : JSON.stringify(v),
    )
    .join('；');
}

/** An instant as ISO 8601 UTC, whatever the driver handed back (Date or text). */
export function instant(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  return new Date(value as string | Date).toISOString();
}
