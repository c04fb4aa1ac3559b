import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { IngestModule } from '../ingest/ingest.module';
import { Role } from '../platform/config/config';
import { EvidenceController } from './evidence/evidence.controller';
import { HealthController } from './health.controller';
import { FirmKeyGuard } from './ingest/firm-key.guard';
import { FirmPushService } from './ingest/firm-push.service';
import { IngestController } from './ingest/ingest.controller';
import { MetricsController } from './metrics.controller';
import { ProblemFilter } from './problem.filter';

@Module({})
export class ApiModule {
  /** Every role serves /health and /metrics; the business routes only the api role (and all). */
  static forRoot(role: Role): DynamicModule {
    const serving = role === 'api' || role === 'all';
    return {
      module: ApiModule,
      imports: serving ? [IngestModule.forRoot(false)] : [],
      controllers: [HealthController, MetricsController, ...(serving ? [IngestController, EvidenceController] : [])],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }, ...(serving ? [FirmPushService, FirmKeyGuard] : [])],
    };
  }
}
