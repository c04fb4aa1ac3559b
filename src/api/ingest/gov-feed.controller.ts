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
  async single(
    @CurrentAgency() agency: AgencyPrincipal,
    @Param('kind') kind: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<unknown> {
    return send(
      res,
      await this.feeds.single({
        agency,
        kind,
        body: await readBody(req, this.config.ingest.maxBodyBytes),
        contentType: req.headers['content-type'],
        idempotencyKey,
        path: req.path,
      }),
    );
  }

  @Post(':kind/bulk')
  @GovFeedBulkDoc()
  async bulk(
    @CurrentAgency() agency: AgencyPrincipal,
    @Param('kind') kind: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<unknown> {
    return send(
      res,
      await this.feeds.bulk({
        agency,
        kind,
        body: await readBody(req, this.config.ingest.maxBodyBytes),
        contentType: req.headers['content-type'],
        idempotencyKey,
        path: req.path,
      }),
    );
  }
}
