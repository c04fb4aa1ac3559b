import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { CsvColumn } from '../reports/csv';
import { CSV_MAX_ROWS, type CsvExportSpec } from './csv-export';
import { CSV_EXPORT_KEY } from './csv-export.metadata';
import { CsvExportInterceptor } from './csv-export.interceptor';

/**
 * The `.csv` sibling of a list route: the handler returns every row (same guard, scope, filters
 * and sort as the JSON list; its limit and cursor are ignored) and the interceptor writes the
 * file. `name` starts the filename.
 */
export const CsvExport = <T>(name: string, columns: ReadonlyArray<CsvColumn<T>>) =>
  applyDecorators(
    SetMetadata(CSV_EXPORT_KEY, { name, columns } satisfies CsvExportSpec<T>),
    UseInterceptors(CsvExportInterceptor),
    ApiProduces('text/csv'),
    ApiOkResponse({
      description: `Every row the list's filters select (limit and cursor are ignored; more than ${CSV_MAX_ROWS} rows is a 422). RFC 4180 CSV, UTF-8 with a byte order mark, a header row, cells a spreadsheet would run as formulas prefixed with '; Content-Disposition: attachment; filename="${name}-<date>.csv"`,
      content: { 'text/csv': { schema: { type: 'string' } } },
    }),
  );
