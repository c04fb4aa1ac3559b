import { Global, Module } from '@nestjs/common';
import { KafkaService } from './kafka.service';
import { PingConsumer } from './ping.consumer';

/** Loaded only when KAFKA_BROKERS is configured; the embedded default takes HTTP push only. */
@Global()
@Module({ providers: [KafkaService, PingConsumer], exports: [KafkaService, PingConsumer] })
export class KafkaModule {}
