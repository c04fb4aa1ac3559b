import { DynamicModule, Module } from '@nestjs/common';
import { AlertsModule } from './alerts/alerts.module';
import { AlertsAssessmentListener } from './alerts/assessment-signals';
import { FeedAssessmentListener } from './alerts/feed-assessment-listener';
import { ApiModule } from './api/api.module';
import { CageModule } from './cage/cage.module';
import { ChangeFeedModule } from './platform/change-feed/change-feed.module';
import { ScoringModule } from './scoring/scoring.module';
import { AuthModule } from './api/auth/auth.module';
import { EvidenceChainModule } from './evidence-chain/evidence-chain.module';
import { ALL_EVIDENCE_KINDS } from './evidence-kinds';
import { FirmsModule } from './firms/firms.module';
import { IngestModule } from './ingest/ingest.module';
import { AppConfig } from './platform/config/config';
import { ConfigModule } from './platform/config/config.module';
import { DatabaseModule } from './platform/database/database.module';
import { HealthModule } from './platform/health/health.module';
import { KafkaModule } from './platform/kafka/kafka.module';
import { MetricsModule } from './platform/metrics/metrics.module';

@Module({})
export class AppModule {
  /** databaseUrl is resolved before Nest starts (the embedded PGlite may have to start first). */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(databaseUrl, config.migrateOnStart),
        HealthModule,
        MetricsModule,
        ...(config.kafka ? [KafkaModule] : []),
        ChangeFeedModule.forRoot(config),
        AuthModule,
        FirmsModule,
        EvidenceChainModule.forRoot(config.role === 'anchor' || config.role === 'all', ALL_EVIDENCE_KINDS),
        // Kafka consumers run in the ingest role; the API role pushes through the same intake.
        ...(config.kafka && (config.role === 'ingest' || config.role === 'all') ? [IngestModule.forRoot(true)] : []),
        // With Kafka, assessments' alert signals go through the outbox to the alerts replicas (src/platform/change-feed/README.md).
        ...(config.role === 'api' || config.role === 'scoring' || config.role === 'all'
          ? [ScoringModule.forRoot(config.role, config.kafka ? FeedAssessmentListener : AlertsAssessmentListener)]
          : []),
        AlertsModule.forRoot(config.role),
        CageModule,
        ApiModule.forRoot(config.role),
      ],
    };
  }
}
