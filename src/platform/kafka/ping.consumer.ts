import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { KafkaService } from './kafka.service';

export const PING_TOPIC = 'ops.ping';

/**
 * Consumes `ops.ping`: an operator (or the smoke test) produces a ping and sees it arrive, which
 * proves the whole path broker -> consumer group -> service without touching business data.
 */
@Injectable()
export class PingConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(PingConsumer.name);
  private readonly seen: string[] = [];
  private readonly received;

  constructor(
    private readonly kafka: KafkaService,
    metrics: MetricsService,
  ) {
    this.received = metrics.counter('ops_pings_received_total', 'Pings consumed from ops.ping');
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = this.kafka.topic(PING_TOPIC);
    await this.kafka.ensureTopics([topic], 1);
    const consumer = this.kafka.consumer('ops-ping');
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const value = message.value?.toString('utf8') ?? '';
        this.seen.push(value);
        if (this.seen.length > 100) this.seen.shift();
        this.received.inc();
        this.logger.log(`ping at ${topic}/${partition}/${message.offset}`);
      },
    });
  }

  /** The last pings received (most recent last), at most 100. */
  recent(): readonly string[] {
    return this.seen;
  }
}
