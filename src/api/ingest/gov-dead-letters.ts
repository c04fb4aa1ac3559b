import { Injectable, Logger, Optional } from '@nestjs/common';
import { DEAD_LETTER_TOPIC } from '../../ingest/topics';
import { HealthRegistry } from '../../platform/health/health.registry';
import { KafkaService } from '../../platform/kafka/kafka.service';
import { MetricsService } from '../../platform/metrics/metrics.service';

export interface RefusedFeedItem {
  kind: string;
  /** The item's bytes as received (a single push) or as parsed (an item of a bulk push). */
  value: Buffer;
  reason: string;
  detail: string;
  /** Request id and item index, as the record's source_ref would have been. */
  ref: string;
}

/**
 * What the HTTP feed intake refuses is counted as a dead letter and, where Kafka is configured,
 * also written to the dead-letter topic with the headers a refused gov.* message gets, so the
 * bureau finds every refused government event in one place. The sender has its answer already;
 * a failed send is logged and marks Kafka degraded, it does not fail the request.
 */
@Injectable()
export class GovDeadLetters {
  private readonly logger = new Logger(GovDeadLetters.name);
  private readonly counted;

  constructor(
    metrics: MetricsService,
    private readonly health: HealthRegistry,
    @Optional() private readonly kafka?: KafkaService,
  ) {
    this.counted = metrics.counter(
      'ingest_dead_letters_total',
      'Messages sent to the dead-letter topic, by source topic and reason',
      ['topic', 'reason'],
    );
  }

  async send(path: string, items: RefusedFeedItem[]): Promise<void> {
    if (items.length === 0) return;
    for (const item of items) this.counted.inc({ topic: `http:${item.kind}`, reason: item.reason });
    if (!this.kafka) return;
    try {
      const producer = await this.kafka.producer();
      await producer.send({
        topic: this.kafka.topic(DEAD_LETTER_TOPIC),
        messages: items.map((item) => ({
          key: null,
          value: item.value,
          headers: {
            'x-dead-letter-reason': item.reason,
            'x-dead-letter-detail': item.detail,
            'x-source-topic': `http ${path}`,
            'x-source-partition': '-1',
            'x-source-offset': item.ref,
            'x-dead-lettered-at': new Date().toISOString(),
          },
        })),
      });
    } catch (error) {
      this.health.recordFailure('kafka', error);
      this.logger.warn(
        `${items.length} refused feed item(s) of ${path} not written to the dead-letter topic: ${(error as Error).message}`,
      );
    }
  }
}
