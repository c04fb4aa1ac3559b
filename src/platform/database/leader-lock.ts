import { Logger } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';

/**
 * A PostgreSQL session-level advisory lock held on a dedicated connection for as long as the
 * process lives: whoever holds it is the single leader of a job (anchoring, re-score polling).
 * No transaction stays open while the leader works, so other connections never wait on it (on
 * the embedded PGlite, which serves one query at a time, an open transaction would stall them).
 */
export class LeaderLock {
  private holder?: QueryRunner;

  constructor(
    private readonly dataSource: DataSource,
    private readonly key: number,
    private readonly logger: Logger,
  ) {}

  /** True while this process holds the lock; tries to take it when it does not. */
  async held(): Promise<boolean> {
    if (this.holder && !this.holder.isReleased) {
      try {
        await this.holder.query('SELECT 1');
        return true;
      } catch {
        await this.release(); // connection lost: the lock went with it
      }
    }
    const runner = this.dataSource.createQueryRunner();
    let locked = false;
    try {
      const connection = (await runner.connect()) as {
        on?: (event: 'error', listener: (error: Error) => void) => void;
      };
      connection.on?.('error', (error) => this.logger.warn(`leader connection lost: ${error.message}`));
      [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [this.key]);
    } finally {
      // A connection that failed (or did not get the lock) goes back at once: a client kept checked
      // out would hold the pool open, and shutting the pool down waits for every client.
      if (!locked) await runner.release().catch(() => undefined);
    }
    if (!locked) return false;
    this.logger.log('this process is the leader');
    this.holder = runner;
    return true;
  }

  async release(): Promise<void> {
    await this.holder?.release().catch(() => undefined);
    this.holder = undefined;
  }
}
