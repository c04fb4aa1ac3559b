// CSV for Excel users (RFC 4180): CRLF line ends, fields quoted when they hold a comma, quote or
// line break, a UTF-8 byte order mark so Excel reads Chinese text as UTF-8.

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
}

const BOM = '\uFEFF';
// A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection):
// such cells get a leading apostrophe, which Excel shows as text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<T>(columns: ReadonlyArray<CsvColumn<T>>, rows: Iterable<T>): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** The same text as toCsv, written page by page: a long export never sits in memory whole. */
export async function* toCsvChunks<T>(
  columns: ReadonlyArray<CsvColumn<T>>,
  pages: AsyncIterable<readonly T[]>,
): AsyncGenerator<string> {
  yield `${BOM}${columns.map((c) => csvCell(c.header)).join(',')}\r\n`;
  for await (const rows of pages) {
    if (rows.length > 0) yield rows.map((row) => `${columns.map((c) => csvCell(c.value(row))).join(',')}\r\n`).join('');
  }
}

/** Content-Disposition of a download, with an ASCII fallback and the RFC 6266 UTF-8 name. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
