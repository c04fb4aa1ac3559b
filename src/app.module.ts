import { DynamicModule, Module } from '@nestjs/common';
import { ApiModule } from './api/api.module';
import { EvidenceChainModule } from './evidence-chain/evidence-chain.module';
import { FirmsModule } from './firms/firms.module';
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
        FirmsModule,
        EvidenceChainModule,
        // Every role serves /health and /metrics; business routes follow the role.
        ApiModule,
      ],
    };
  }
}
