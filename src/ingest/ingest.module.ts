import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FirmsModule } from '../firms/firms.module';
import { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { loadOrCreateLocalSecret } from '../platform/config/local-secret';
import { FirmApiKeyEntity } from './entities/firm-api-key.entity';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { IdentityHasher } from './intake/identity-hasher';
import { IdempotencyService } from './intake/idempotency.service';
import { RecordIntakeService } from './intake/record-intake.service';
import { RecordQueryService } from './intake/record-query.service';
import { IDENTITY_HASHER } from './ingest.tokens';
import { IngestConsumer } from './kafka/ingest.consumer';
import { FirmApiKeysService } from './keys/firm-api-keys.service';

@Module({})
export class IngestModule {
  /** consumeKafka: the ingest role with Kafka configured runs the consumers. */
  static forRoot(consumeKafka: boolean): DynamicModule {
    return {
      module: IngestModule,
      imports: [TypeOrmModule.forFeature([FirmApiKeyEntity, IdempotencyKeyEntity]), FirmsModule],
      providers: [
        RecordIntakeService,
        RecordQueryService,
        FirmApiKeysService,
        IdempotencyService,
        {
          provide: IDENTITY_HASHER,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => new IdentityHasher(config.ingest.idHashKey ?? loadOrCreateLocalSecret(config.dataDir, 'id-hash-key')),
        },
        ...(consumeKafka ? [IngestConsumer] : []),
      ],
      exports: [RecordIntakeService, RecordQueryService, FirmApiKeysService, IdempotencyService],
    };
  }
}
