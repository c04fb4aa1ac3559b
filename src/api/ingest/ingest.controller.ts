import { Controller, Get, Headers, Inject, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FirmPrincipal } from '../../ingest/keys/firm-api-keys.service';
import { Page, RecordQueryService, StoredRecord } from '../../ingest/intake/record-query.service';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { streamedPages } from '../exports/csv-export';
import { ApiQueryFrom } from '../openapi/api-docs.decorators';
import {
  RECORDS_CSV_QUERY_SCHEMA,
  RECORDS_QUERY_SCHEMA,
  parseRecordsCsvQuery,
  parseRecordsQuery,
} from './records-query.dto';
import { CsvExport } from '../exports/csv-export.decorator';
import { RECORD_CSV_COLUMNS } from '../firms/firm.csv-columns';
import { CurrentFirm, FirmKeyGuard } from './firm-key.guard';
import { FirmPushService, type PushRequest } from './firm-push.service';
import { readBody } from './request-body';
import { ApiOkBody } from '../openapi/response-schemas';

/** Firms push their own reports, contracts and key persons, and read back what they pushed. */
@Controller('v1/ingest')
@UseGuards(FirmKeyGuard)
export class IngestController {
  constructor(
    private readonly push: FirmPushService,
    private readonly records: RecordQueryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':kind')
  async single(
    @CurrentFirm() firm: FirmPrincipal,
    @Param('kind') kind: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<unknown> {
    this.push.admit(firm, req.headers['content-type']);
    return send(res, await this.push.single(await this.pushRequest(firm, kind, req, idempotencyKey)));
  }

  @Post(':kind/bulk')
  async bulk(
    @CurrentFirm() firm: FirmPrincipal,
    @Param('kind') kind: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<unknown> {
    this.push.admit(firm, req.headers['content-type'], { ndjson: true });
    return send(res, await this.push.bulk(await this.pushRequest(firm, kind, req, idempotencyKey)));
  }

  /** What a push hands the service, single or bulk: read only once the push is admitted. */
  private async pushRequest(
    firm: FirmPrincipal,
    kind: string,
    req: Request,
    idempotencyKey: string | undefined,
  ): Promise<PushRequest> {
    return {
      firm,
      kind,
      body: await readBody(req, this.config.ingest.maxBodyBytes),
      contentType: req.headers['content-type'],
      idempotencyKey,
      path: req.path,
      method: req.method,
      headers: req.headers,
    };
  }

  @Get('records')
  @ApiOkBody('StoredRecordPage')
  @ApiQueryFrom(RECORDS_QUERY_SCHEMA)
  list(@CurrentFirm() firm: FirmPrincipal, @Query() query: unknown): Promise<Page<StoredRecord>> {
    return this.records.list(firm.firmId, parseRecordsQuery(query));
  }

  /** The firm portal's own submissions as CSV: every record of the kind, newest first, no payloads, streamed. */
  @Get('records.csv')
  @CsvExport('records', RECORD_CSV_COLUMNS)
  @ApiQueryFrom(RECORDS_CSV_QUERY_SCHEMA)
  async listCsv(@CurrentFirm() firm: FirmPrincipal, @Query() query: unknown): Promise<AsyncIterable<StoredRecord[]>> {
    const { kind } = parseRecordsCsvQuery(query);
    return streamedPages(await this.records.count(firm.firmId, kind), (limit, cursor) =>
      this.records.list(firm.firmId, { kind, limit, cursor, payloads: false }),
    );
  }

  @Get('records/:id')
  @ApiOkBody('StoredRecord')
  one(@CurrentFirm() firm: FirmPrincipal, @Param('id') id: string): Promise<StoredRecord> {
    return this.records.one(firm.firmId, id);
  }
}

export function send(res: Response, answer: { statusCode: number; body: unknown; replayed: boolean }): unknown {
  res.status(answer.statusCode);
  if (answer.statusCode >= 400) res.type('application/problem+json');
  if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return answer.body;
}
