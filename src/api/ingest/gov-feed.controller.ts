import { Controller, Headers, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AgencyPrincipal } from '../../ingest/keys/agency-api-keys.service';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { AgencyKeyGuard, CurrentAgency } from './agency-key.guard';
import { GovFeedBulkDoc, GovFeedSingleDoc } from './gov-feed.docs';
import { GovFeedService } from './gov-feed.service';
import { send } from './ingest.controller';
import { readBody } from './request-body';

/** Government agencies send their feeds (registry, tax, court, social security, sentiment) with an agency key. */
@Controller('v1/ingest/gov')
@UseGuards(AgencyKeyGuard)
export class GovFeedController {
  constructor(
    private readonly feeds: GovFeedService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':kind')
  @GovFeedSingleDoc()
  single(
    @CurrentAgency() agency: AgencyPrincipal,
    @Param('kind') kind: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<unknown> {
    return this.push('single', agency, kind, req, res, idempotencyKey);
  }

  @Post(':kind/bulk')
  @GovFeedBulkDoc()
  bulk(
    @CurrentAgency() agency: AgencyPrincipal,
    @Param('kind') kind: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<unknown> {
    return this.push('bulk', agency, kind, req, res, idempotencyKey);
  }

  /** One record or a list of them: the same reading of the request, then the service's own path. */
  private async push(
    shape: 'single' | 'bulk',
    agency: AgencyPrincipal,
    kind: string,
    req: Request,
    res: Response,
    idempotencyKey: string | undefined,
  ): Promise<unknown> {
    const body = await readBody(req, this.config.ingest.maxBodyBytes);
    const request = { agency, kind, body, contentType: req.headers['content-type'], idempotencyKey, path: req.path };
    return send(res, await (shape === 'single' ? this.feeds.single(request) : this.feeds.bulk(request)));
  }
}
