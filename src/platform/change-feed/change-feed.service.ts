import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { MetricsService } from '../metrics/metrics.service';
import { CHANGE_BUS, type ChangeBus, type FeedHandler, type FeedStream } from './change-bus';
import { OutboxRelay } from './outbox-relay';

/** A message to put in the outbox: the firm it concerns (its credit code is the key) and what to say. */
export interface OutboxEntry {
  firmId: string;
  payload: Record<string, unknown>;
}

/**
 * The change feed of this process: consumers register for a stream (serve), which also starts that
 * stream's outbox relay here; producers write outbox rows inside their own transactions (enqueue).
 */
@Injectable()
export class ChangeFeed implements OnModuleDestroy {
  private readonly logger = new Logger(ChangeFeed.name);
  private readonly relays = new Map<FeedStream, OutboxRelay>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CHANGE_BUS) readonly bus: ChangeBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** Consumes the stream in this process (a member of its group on Kafka) and relays its outbox. */
  async serve(stream: FeedStream, handler: FeedHandler): Promise<void> {
    await this.bus.consume(stream, handler);
    if (this.relays.has(stream)) return;
    const relay = new OutboxRelay(
      this.dataSource,
      this.bus,
      stream,
      this.config.changeFeed.relayIntervalMs,
      this.metrics,
    );
    this.relays.set(stream, relay);
    relay.start();
    this.logger.log(`${stream}: consuming over ${this.bus.kind === 'kafka' ? 'Kafka' : 'the in-process queue'}`);
  }

  /** Relays what is waiting now (tests, the bench); 0 when another process holds the stream's relay. */
  async drain(stream: FeedStream): Promise<number> {
    return (await this.relays.get(stream)?.drain()) ?? 0;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.relays.values()].map((r) => r.stop()));
  }
}

/** Writes outbox rows in the caller's transaction, keyed by each firm's credit code. */
export async function enqueue(m: EntityManager, stream: FeedStream, entries: readonly OutboxEntry[]): Promise<void> {
  if (!entries.length) return;
  await m.query(
    `INSERT INTO change_outbox (stream, key, payload)
     SELECT $1, f.credit_code, e.payload FROM unnest($2::uuid[], $3::jsonb[]) WITH ORDINALITY AS e(firm_id, payload, ord)
       JOIN firms f ON f.id = e.firm_id ORDER BY e.ord`,
    [stream, entries.map((e) => e.firmId), entries.map((e) => JSON.stringify(e.payload))],
  );
}
