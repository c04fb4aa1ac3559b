import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Admin, Consumer, Kafka, Producer, logLevel } from 'kafkajs';
import { AppConfig, KafkaConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { HealthRegistry } from '../health/health.registry';

/** The shared kafkajs client: one producer, an admin, and consumers per group. */
@Injectable()
export class KafkaService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaService.name);
  private readonly kafka: Kafka;
  private readonly settings: KafkaConfig;
  private producerReady?: Promise<Producer>;
  private adminReady?: Promise<Admin>;
  private readonly consumers: Consumer[] = [];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly health: HealthRegistry,
  ) {
    if (!config.kafka) throw new Error('KafkaService needs KAFKA_BROKERS');
    this.settings = config.kafka;
    this.kafka = new Kafka({
      clientId: config.kafka.clientId,
      brokers: config.kafka.brokers,
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log }) => {
          const text = `${log.message}${log.error ? `: ${log.error}` : ''}`;
          if (level > logLevel.ERROR) return this.logger.warn(text);
          this.logger.error(text);
          // kafkajs logs at ERROR what failed against the brokers (connections, requests, crashes).
          this.health.recordFailure('kafka', text);
        },
    });
  }

  onModuleInit(): void {
    this.health.register({
      name: 'kafka',
      critical: true,
      probe: async () => {
        const cluster = await (await this.admin()).describeCluster();
        return `${cluster.brokers.length} broker(s), controller ${cluster.controller}`;
      },
    });
  }

  /** The deployment's name of a topic (KAFKA_TOPIC_PREFIX + name). */
  topic(name: string): string {
    return this.settings.topicPrefix + name;
  }

  groupId(name: string): string {
    return `${this.settings.groupPrefix}.${name}`;
  }

  producer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      // Idempotent producer: a retried send is written once per partition.
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
      await producer.connect();
      return producer;
    })();
    return this.producerReady;
  }

  admin(): Promise<Admin> {
    this.adminReady ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.adminReady;
  }

  /**
   * Creates missing topics and waits for their partition leaders: subscribing to a topic that
   * auto-creation has not finished fails with "does not host this topic-partition".
   */
  async ensureTopics(topics: string[], numPartitions = 4): Promise<void> {
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length === 0) return this.leadersOf(admin, topics);
    try {
      await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
    } catch (error) {
      // Replicas starting together race to create the same topic: the loser's error is harmless
      // once the topic exists; anything else is not.
      const now = new Set(await admin.listTopics());
      if (!missing.every((t) => now.has(t))) throw error;
    }
    await this.leadersOf(admin, topics);
  }

  /** Waits (bounded) until every partition of `topics` has a leader: a topic another process just created may not yet. */
  private async leadersOf(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const { topics: meta } = await admin.fetchTopicMetadata({ topics });
        if (meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error(`Kafka topics ${topics.join(', ')} have no partition leaders yet`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  consumer(groupName: string): Consumer {
    const consumer = this.kafka.consumer({
      groupId: this.groupId(groupName),
      sessionTimeout: this.settings.sessionTimeoutMs,
      // Kafka's advice: a third of the session timeout at most, so two missed beats are not fatal.
      heartbeatInterval: Math.min(3000, Math.floor(this.settings.sessionTimeoutMs / 3)),
      maxBytesPerPartition: this.settings.fetchPartitionBytes,
      maxBytes: Math.max(10 * 1024 * 1024, 2 * this.settings.fetchPartitionBytes),
    });
    this.consumers.push(consumer);
    return consumer;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.disconnect()));
    await Promise.allSettled([
      this.producerReady?.then((p) => p.disconnect()),
      this.adminReady?.then((a) => a.disconnect()),
    ]);
  }
}
