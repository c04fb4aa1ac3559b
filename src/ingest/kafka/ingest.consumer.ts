import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { KafkaService } from '../../platform/kafka/kafka.service';
import { MetricsService } from '../../platform/metrics/metrics.service';
import { IntakeItem, RecordIntakeService } from '../intake/record-intake.service';
import { IntakeResult } from '../intake/intake-result';
import { parseJsonStrict } from '../schemas/parse-json';
import { RecordKind } from '../schemas/records';
import { DEAD_LETTER_TOPIC, TOPIC_BY_KIND } from '../topics';
import { DeadLetter, deadLetterMessage } from './dead-letter';
import { sealMessage } from './signed-messages';
import { SubmissionSigning } from '../signing/submission-signing.service';

/**
 * Consumes every ingest.* and gov.* topic. A batch is stored in one transaction per chunk; bad
 * messages go to the dead-letter topic with their reason; offsets are committed only after both.
 */
@Injectable()
export class IngestConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(IngestConsumer.name);
  private readonly kindByTopic: Map<string, RecordKind>;
  private readonly deadLetterTopic: string;
  private readonly deadLettered;
  private readonly chunk: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly kafka: KafkaService,
    private readonly intake: RecordIntakeService,
    private readonly dataSource: DataSource,
    metrics: MetricsService,
    private readonly signing: SubmissionSigning,
  ) {
    this.chunk = config.ingest.kafkaTransactionRecords; // few round trips, yet a bounded transaction
    this.deadLettered = metrics.counter(
      'ingest_dead_letters_total',
      'Messages sent to the dead-letter topic, by source topic and reason',
      ['topic', 'reason'],
    );
    this.kindByTopic = new Map(
      Object.entries(TOPIC_BY_KIND).map(([kind, topic]) => [kafka.topic(topic), kind as RecordKind]),
    );
    this.deadLetterTopic = kafka.topic(DEAD_LETTER_TOPIC);
  }

  async onApplicationBootstrap(): Promise<void> {
    const topics = [...this.kindByTopic.keys()];
    await this.kafka.ensureTopics([...topics, this.deadLetterTopic]);
    const consumer = this.kafka.consumer('ingest');
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 2,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const kind = this.kindByTopic.get(batch.topic)!;
    for (let start = 0; start < batch.messages.length; start += this.chunk) {
      if (!isRunning() || isStale()) return;
      const messages = batch.messages.slice(start, start + this.chunk);
      const dead: DeadLetter[] = [];
      const items: IntakeItem[] = [];
      const origin: KafkaMessage[] = [];
      for (const message of messages) {
        const parsed = parseJsonStrict(message.value ?? Buffer.alloc(0));
        if (!parsed.ok) {
          dead.push({
            topic: batch.topic,
            partition: batch.partition,
            message,
            reason: 'malformed',
            detail: parsed.problems.map((p) => p.detail).join('; '),
          });
          continue;
        }
        const sealed = await sealMessage(this.signing, batch.topic, message);
        if (!sealed.ok)
          dead.push({
            topic: batch.topic,
            partition: batch.partition,
            message,
            reason: sealed.refused.code,
            detail: sealed.refused.message,
          });
        else {
          const { envelope, salt, firmId } = sealed.seal;
          items.push({
            kind,
            value: parsed.value,
            sourceRef: `${batch.topic}/${batch.partition}/${message.offset}`,
            submission: envelope,
            salt,
            signedByFirm: firmId,
          });
          origin.push(message);
        }
      }
      await heartbeat(); // parsing a large chunk under load takes a while: stay in the group (sent only when due)
      const results = await this.store(items);
      results.forEach((result, i) => {
        if (result.status === 'rejected')
          dead.push({
            topic: batch.topic,
            partition: batch.partition,
            message: origin[i],
            reason: result.reason,
            detail: describe(result),
          });
      });
      if (dead.length > 0) {
        const producer = await this.kafka.producer();
        await producer.send({ topic: this.deadLetterTopic, messages: dead.map(deadLetterMessage) });
        for (const letter of dead) this.deadLettered.inc({ topic: letter.topic, reason: letter.reason });
        this.logger.warn(`${dead.length} message(s) of ${batch.topic}/${batch.partition} dead-lettered`);
      }
      // Only now - records stored, dead letters written - may the offsets move past these messages.
      resolveOffset(messages[messages.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /**
   * Stores the chunk; if that fails while the database answers, one message is poison: store
   * one by one so it alone is dead-lettered and never blocks its partition. If the database is
   * down, throw: the batch is not committed and will be consumed again.
   */
  private async store(items: IntakeItem[]): Promise<IntakeResult[]> {
    try {
      return await this.intake.accept(items, { source: 'kafka' });
    } catch (error) {
      await this.dataSource.query('SELECT 1'); // throws while the database is down
      this.logger.warn(`batch store failed (${(error as Error).message}); isolating the failing message`);
      const results: IntakeResult[] = [];
      for (const [index, item] of items.entries()) {
        try {
          const [result] = await this.intake.accept([item], { source: 'kafka' });
          results.push({ ...result, index });
        } catch (single) {
          results.push({
            index,
            status: 'rejected',
            kind: item.kind,
            reason: 'invalid',
            detail: `could not be stored: ${(single as Error).message}`,
            problems: [],
          });
        }
      }
      return results;
    }
  }
}

function describe(result: Extract<IntakeResult, { status: 'rejected' }>): string {
  const fields = result.problems.map((p) => `${p.pointer} ${p.detail}`).join('; ');
  return fields ? `${result.detail}: ${fields}` : result.detail;
}
