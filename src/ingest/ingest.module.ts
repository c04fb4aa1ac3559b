import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FirmsModule } from '../firms/firms.module';
import { AgencyApiKeyEntity } from './entities/agency-api-key.entity';
import { FirmApiKeyEntity } from './entities/firm-api-key.entity';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { identityHasherProvider } from './identity-hasher.provider';
import { IdempotencyService } from './intake/idempotency.service';
import { RecordIntakeService } from './intake/record-intake.service';
import { RecordQueryService } from './intake/record-query.service';
import { RecordReports } from './intake/record-reports.service';
import { IngestConsumer } from './kafka/ingest.consumer';
import { AgencyApiKeysService } from './keys/agency-api-keys.service';
import { FirmApiKeysService } from './keys/firm-api-keys.service';
import { SigningKeysService } from './signing/signing-keys.service';
import { FirmWitnessService } from './witness/firm-witness.service';
import { SubmissionSigning } from './signing/submission-signing.service';

@Module({})
export class IngestModule {
  /** consumeKafka: the ingest role with Kafka configured runs the consumers. */
  static forRoot(consumeKafka: boolean): DynamicModule {
    return {
      module: IngestModule,
      imports: [TypeOrmModule.forFeature([FirmApiKeyEntity, AgencyApiKeyEntity, IdempotencyKeyEntity]), FirmsModule],
      providers: [
        RecordIntakeService,
        RecordQueryService,
        RecordReports,
        FirmApiKeysService,
        AgencyApiKeysService,
        IdempotencyService,
        identityHasherProvider,
        SigningKeysService,
        FirmWitnessService,
        SubmissionSigning,
        ...(consumeKafka ? [IngestConsumer] : []),
      ],
      exports: [
        RecordIntakeService,
        RecordQueryService,
        RecordReports,
        FirmApiKeysService,
        AgencyApiKeysService,
        IdempotencyService,
        SigningKeysService,
        SubmissionSigning,
        FirmWitnessService,
      ],
    };
  }
}
