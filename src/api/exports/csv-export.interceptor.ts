import { Readable } from 'node:stream';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor, StreamableFile } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { from, mergeMap, type Observable } from 'rxjs';
import { AccessLogService } from '../auth/access-log.service';
import type { StaffRequest } from '../auth/staff-auth.guard';
import { attachment, toCsv, toCsvChunks } from '../reports/csv';
import { CSV_EXPORT_KEY } from './csv-export.metadata';
import type { CsvExportSpec } from './csv-export';

/**
 * Turns the rows a `.csv` route returns into the download: RFC 4180 text with a BOM, a dated
 * filename, no caching. A staff member's export is written to the access log (访问日志) once the
 * rows are read, as `csv_export` with the path; a firm's export of its own data is not staff access.
 */
@Injectable()
export class CsvExportInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessLog: AccessLogService,
  ) {}

  intercept(
    context: ExecutionContext,
    next: CallHandler<unknown[] | AsyncIterable<unknown[]>>,
  ): Observable<string | StreamableFile> {
    const spec = this.reflector.get<CsvExportSpec<unknown>>(CSV_EXPORT_KEY, context.getHandler());
    const req = context.switchToHttp().getRequest<StaffRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      mergeMap((rows) =>
        from(
          (async () => {
            if (req.staff)
              await this.accessLog.record({
                staff: req.staff,
                request: { method: req.method, path: req.originalUrl },
                outcome: 'allowed',
                reason: 'csv_export',
              });
            res.setHeader('content-type', 'text/csv; charset=utf-8');
            // One firm's list names the firm: records-<credit code>-<date>.csv.
            const firm = typeof req.params.creditCode === 'string' ? `-${req.params.creditCode}` : '';
            res.setHeader(
              'content-disposition',
              attachment(`${spec.name}${firm}-${new Date().toISOString().slice(0, 10)}.csv`),
            );
            res.setHeader('cache-control', 'no-store');
            if (isAsyncIterable(rows)) return new StreamableFile(Readable.from(toCsvChunks(spec.columns, rows)));
            return toCsv(spec.columns, rows);
          })(),
        ),
      ),
    );
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown[]> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
