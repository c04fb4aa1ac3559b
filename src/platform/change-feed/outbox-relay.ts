import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { LeaderLock } from '../database/leader-lock';
import type { MetricsService } from '../metrics/metrics.service';
import { PeriodicTask, type TaskLeader } from '../periodic-task';
import type { ChangeBus, FeedMessage, FeedStream } from './change-bus';

const PAGE = 2000;
// Leader lock keys, one per stream: 'chf1' and 'chf2' in ASCII.
const LOCK_KEY: Readonly<Record<FeedStream, number>> = { 'firm-changes': 0x63686631, 'assessment-signals': 0x63686632 };

/**
 * Moves one stream's change_outbox rows to the bus, oldest first, and deletes them once the bus has
 * them (Kafka acknowledged them, or this process handled them). One relay per stream at a time (a
 * leader lock), so messages leave in the order they were written; a relay that dies between
 * publishing and deleting publishes the rows again, which the consumers' idempotency absorbs.
 */
export class OutboxRelay {
  private readonly lock: LeaderLock;
  private readonly leader: TaskLeader;
  private readonly task: PeriodicTask;
  private leading = false;
  private readonly relayed;
  private readonly oldest;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: ChangeBus,
    private readonly stream: FeedStream,
    intervalMs: number,
    metrics: MetricsService,
  ) {
    const logger = new Logger(`${OutboxRelay.name}(${stream})`);
    // The outbox's backlog, as the age of its oldest row: how far scoring or alerts trail the intake.
    this.oldest = metrics.gauge(
      'change_feed_outbox_oldest_seconds',
      'Age of the oldest change_outbox row waiting to be relayed, by stream (0 when empty), seen by the relay',
      ['stream'],
    );
    this.relayed = metrics.counter('change_feed_relayed_total', 'change_outbox rows relayed to the bus, by stream', [
      'stream',
    ]);
    this.lock = new LeaderLock(dataSource, LOCK_KEY[stream], logger);
    // The lock, telling the bus when this process becomes the stream's relay (the in-process bus's consumer starts afresh).
    this.leader = {
      held: async () => {
        const held = await this.lock.held();
        if (held && !this.leading) this.bus.leading?.(stream);
        this.leading = held;
        return held;
      },
      release: () => this.lock.release(),
    };
    this.task = new PeriodicTask(
      {
        name: `change_feed_relay_${stream.replace('-', '_')}`,
        intervalMs,
        leader: this.leader,
        run: () => this.move(),
        logger,
      },
      metrics,
    );
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Relays everything waiting now; returns how many rows left the outbox (0 when another process is the relay). */
  async drain(): Promise<number> {
    return (await this.leader.held()) ? this.move() : 0;
  }

  private async move(): Promise<number> {
    let moved = 0;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT id::text AS id, key, payload, extract(epoch FROM now() - created_at)::float8 AS age
           FROM change_outbox WHERE stream = $1 ORDER BY id LIMIT ${PAGE}`,
        [this.stream],
      )) as Array<FeedMessage & { age: number }>;
      if (moved === 0) this.oldest.set({ stream: this.stream }, rows.length ? Math.max(0, rows[0].age) : 0);
      if (!rows.length) return moved;
      await this.bus.publish(
        this.stream,
        rows.map(({ id, key, payload }) => ({ id, key, payload })),
      );
      await this.dataSource.query(`DELETE FROM change_outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      moved += rows.length;
      this.relayed.inc({ stream: this.stream }, rows.length);
      if (rows.length < PAGE) return moved;
    }
  }
}
