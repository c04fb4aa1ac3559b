import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { KafkaService } from '../kafka/kafka.service';
import { CHANGE_BUS } from './change-bus';
import { ChangeFeed } from './change-feed.service';
import { InProcessChangeBus } from './in-process-change-bus';
import { KafkaChangeBus } from './kafka-change-bus';

/**
 * Firm changes and assessment signals partitioned by firm (README.md beside this file): over Kafka
 * consumer groups when Kafka is configured, else an in-process queue behind the same interface.
 */
@Module({})
export class ChangeFeedModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ChangeFeedModule,
      global: true,
      providers: [
        config.kafka
          ? {
              provide: CHANGE_BUS,
              inject: [KafkaService, APP_CONFIG],
              useFactory: (kafka: KafkaService, c: AppConfig) => new KafkaChangeBus(kafka, c.changeFeed),
            }
          : { provide: CHANGE_BUS, useFactory: () => new InProcessChangeBus() },
        ChangeFeed,
      ],
      exports: [ChangeFeed, CHANGE_BUS],
    };
  }
}
