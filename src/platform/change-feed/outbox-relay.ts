import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { LeaderLock } from '../database/leader-lock';
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
  private readonly logger: Logger;
  private readonly leader: LeaderLock;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private leading = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: ChangeBus,
    private readonly stream: FeedStream,
    private readonly intervalMs: number,
  ) {
    this.logger = new Logger(`${OutboxRelay.name}(${stream})`);
    this.leader = new LeaderLock(dataSource, LOCK_KEY[stream], this.logger);
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.leader.release();
  }

  /** Relays everything waiting; returns how many rows left the outbox. */
  async drain(): Promise<number> {
    const held = await this.leader.held();
    if (held && !this.leading) this.bus.leading?.(this.stream);
    this.leading = held;
    if (!held) return 0;
    let moved = 0;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT id::text AS id, key, payload FROM change_outbox WHERE stream = $1 ORDER BY id LIMIT ${PAGE}`,
        [this.stream],
      )) as FeedMessage[];
      if (!rows.length) return moved;
      await this.bus.publish(this.stream, rows);
      await this.dataSource.query(`DELETE FROM change_outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      moved += rows.length;
      if (rows.length < PAGE) return moved;
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error(`relay failed: ${(error as Error).message}`))
        .finally(() => {
          this.running = null;
          this.schedule(this.intervalMs);
        });
    }, delay);
  }
}
