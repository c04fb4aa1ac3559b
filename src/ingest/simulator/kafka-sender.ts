// Kafka sink of the simulator: one topic per record kind, key = firm credit code (one firm's
// records stay ordered on one partition), JSON value, `message-id` header for idempotency.
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { RECORD_KINDS, RecordKind } from '../schemas/records';
import { TOPIC_BY_KIND } from '../topics';
import { TimedRecord } from './trajectory-records';

export class KafkaRecordSender {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;

  /** `topicOf` lets tests send to their own topics; production uses TOPIC_BY_KIND. */
  constructor(
    brokers: string[],
    private readonly topicOf: (kind: RecordKind) => string = (kind) => TOPIC_BY_KIND[kind],
  ) {
    this.kafka = new Kafka({ clientId: 'risk-simulator', brokers, logLevel: logLevel.WARN });
  }

  /** Connects and creates the topics that do not exist yet (brokers may not auto-create). */
  async open(partitions = 3): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = RECORD_KINDS.map(this.topicOf).filter((topic) => !existing.has(topic));
      if (missing.length > 0)
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: partitions })),
        });
    } finally {
      await admin.disconnect();
    }
    this.producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
  }

  async send(batch: TimedRecord[]): Promise<void> {
    if (!this.producer) throw new Error('KafkaRecordSender.open() was not called');
    const byTopic = new Map<string, Array<{ key: string; value: string; headers: Record<string, string> }>>();
    for (const r of batch) {
      const topic = this.topicOf(r.kind);
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: r.firmCreditCode, value: JSON.stringify(r.record), headers: { 'message-id': r.messageId } });
      byTopic.set(topic, messages);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}
