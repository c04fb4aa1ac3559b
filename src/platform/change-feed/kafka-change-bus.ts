import { Logger } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import type { ChangeFeedConfig } from '../config/change-feed-config';
import type { KafkaService } from '../kafka/kafka.service';
import type { ChangeBus, FeedHandler, FeedMessage, FeedStream } from './change-bus';

const CHANGE_ID_HEADER = 'change-id';

/**
 * The streams over Kafka: one topic each, keyed by credit code, so one firm's messages stay in
 * order on one partition; each stream's consumers are one group, so replicas split the partitions
 * and a dead replica's partitions move to the others. Offsets are committed after the handler
 * succeeded: a replica that dies mid-batch leaves the batch to its successor (handlers are idempotent).
 */
export class KafkaChangeBus implements ChangeBus {
  readonly kind = 'kafka';
  private readonly logger = new Logger(KafkaChangeBus.name);

  constructor(
    private readonly kafka: KafkaService,
    private readonly config: ChangeFeedConfig,
  ) {}

  topicOf(stream: FeedStream): string {
    return this.kafka.topic(stream === 'firm-changes' ? this.config.firmChangesTopic : this.config.signalsTopic);
  }

  async publish(stream: FeedStream, messages: readonly FeedMessage[]): Promise<void> {
    if (!messages.length) return;
    const producer = await this.kafka.producer();
    await producer.send({
      topic: this.topicOf(stream),
      acks: -1,
      messages: messages.map((m) => ({
        key: m.key,
        value: JSON.stringify(m.payload),
        headers: { [CHANGE_ID_HEADER]: m.id },
      })),
    });
  }

  async consume(stream: FeedStream, handler: FeedHandler): Promise<void> {
    const topic = this.topicOf(stream);
    await this.kafka.ensureTopics([topic], this.config.partitions);
    const admin = await this.kafka.admin();
    const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    let of = meta.partitions.length;
    const consumer = this.kafka.consumer(stream);
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      const partitions = [...(event.payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
      // Partitions may have been added since: count them again before saying which firms are ours.
      void admin
        .fetchTopicMetadata({ topics: [topic] })
        .then(({ topics }) => (of = topics[0].partitions.length))
        .catch(() => of)
        .then(() => {
          this.logger.log(`${stream}: this replica owns partitions [${partitions.join(', ')}] of ${of}`);
          handler.assigned?.({ partitions, of });
        });
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        await handler.handle(batch.messages.map(toFeedMessage));
        resolveOffset(batch.messages[batch.messages.length - 1].offset);
        await commitOffsetsIfNecessary();
        await heartbeat();
      },
    });
  }
}

function toFeedMessage(m: KafkaMessage): FeedMessage {
  return {
    id: String(m.headers?.[CHANGE_ID_HEADER] ?? ''),
    key: m.key?.toString() ?? '',
    payload: JSON.parse(m.value?.toString() ?? '{}') as Record<string, unknown>,
  };
}
