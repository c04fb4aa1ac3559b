import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { LeaderLock } from '../platform/database/leader-lock';
import { MetricsService } from '../platform/metrics/metrics.service';
import { PeriodicTask } from '../platform/periodic-task';
import { FirmChangesConsumer } from './partitioned/firm-changes.consumer';
import { ScoringService } from './scoring.service';

/** Whether this process runs the poller (role scoring or all). */
export const RESCORE_POLLER_ENABLED = Symbol('RESCORE_POLLER_ENABLED');

// Leader lock key: one poller at a time across replicas ('scor' in ASCII).
const LOCK_KEY = 0x73636f72;
const PAGE = 50_000;

/**
 * The full re-score, and the fallback for new records when no change feed runs in this process
 * (src/platform/change-feed/README.md; with one, only the full re-score and the watermark). Every SCORING_POLL_INTERVAL_MS the scoring role reads
 * ingest_records received since its watermark (kept in scoring_watermarks, shared by replicas
 * under an advisory lock) and re-scores those firms; every SCORING_FULL_RESCORE_INTERVAL_MS (and
 * on a fresh database) it re-scores every firm.
 *
 * received_at is the inserting transaction's start time, so a slow intake transaction can commit
 * rows older than rows already seen. The watermark therefore never passes the start of the oldest
 * transaction still open (pg_stat_activity): every row below it is committed and was read.
 * Rows at or above it may be read twice; the ids already scored are remembered until it passes them.
 */
@Injectable()
export class RescorePoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RescorePoller.name);
  private readonly seen = new Map<string, number>(); // record id -> received_at ms
  private readonly leader: LeaderLock;
  private readonly task: PeriodicTask;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scoring: ScoringService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RESCORE_POLLER_ENABLED) private readonly enabled: boolean,
    metrics: MetricsService,
    @Optional() private readonly changes?: FirmChangesConsumer,
  ) {
    this.leader = new LeaderLock(dataSource, LOCK_KEY, this.logger);
    // Polls start every interval, not an interval after the previous run ended ('rate'): records
    // that arrive during a long run are picked up as soon as it ends instead of a whole interval later.
    this.task = new PeriodicTask(
      {
        name: 'scoring_rescore_poll',
        intervalMs: config.scoring.pollIntervalMs,
        cadence: 'rate',
        firstDelayMs: 0,
        leader: this.leader,
        run: () => this.poll(),
        logger: this.logger,
      },
      metrics,
    );
  }

  onApplicationBootstrap(): void {
    if (this.enabled) this.task.start();
  }

  // Before the database module closes its pool (onApplicationShutdown), so a tick in flight finishes.
  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** One poll: a full re-score when due, else the firms with new records. Returns firms re-scored. */
  async tick(): Promise<number> {
    if (!(await this.leader.held())) return 0; // another replica is polling
    return this.poll();
  }

  /** tick() once this process is known to be the leader. */
  private async poll(): Promise<number> {
    const m = this.dataSource.manager;
    await m.query(
      `INSERT INTO scoring_watermarks (name, at, updated_at) VALUES ('ingest', NULL, now()), ('full_rescore', NULL, now()) ON CONFLICT (name) DO NOTHING`,
    );
    const marks = new Map(
      ((await m.query(`SELECT name, at FROM scoring_watermarks`)) as Array<{ name: string; at: Date | null }>).map(
        (r) => [r.name, r.at],
      ),
    );
    const horizon = await this.horizon(m);
    const lastFull = marks.get('full_rescore');
    if (!lastFull || Date.now() - lastFull.getTime() >= this.config.scoring.fullRescoreIntervalMs) {
      // Everything received before the horizon is covered by the full run.
      const summary = await this.scoring.rescoreAll('full');
      await this.save(m, 'full_rescore', new Date());
      await this.advance(m, marks.get('ingest') ?? null, horizon);
      return summary.assessed;
    }
    if (this.changes?.active) {
      // The change feed re-scores firms with new records (src/platform/change-feed/README.md); this poller only runs the full re-score.
      await this.advance(m, marks.get('ingest') ?? null, horizon);
      return 0;
    }
    const since = marks.get('ingest') ?? new Date(0);
    const rows = (await m.query(
      `SELECT id, firm_id, received_at FROM ingest_records WHERE received_at >= $1 ORDER BY received_at, id LIMIT ${PAGE}`,
      [since],
    )) as Array<{ id: string; firm_id: string; received_at: Date }>;
    const fresh = rows.filter((r) => !this.seen.has(r.id));
    const firmIds = [...new Set(fresh.map((r) => r.firm_id))];
    if (firmIds.length > 0) await this.scoring.rescore(firmIds, 'ingest');
    for (const r of fresh) this.seen.set(r.id, r.received_at.getTime());
    const reached = rows.length === PAGE ? rows[rows.length - 1].received_at : horizon;
    await this.advance(m, since, reached < horizon ? reached : horizon);
    return firmIds.length;
  }

  /** Start of the oldest other open transaction (rows below it are all committed), else now. */
  private async horizon(m: EntityManager): Promise<Date> {
    const [row] = (await m.query(
      `SELECT coalesce(min(xact_start), now()) AS horizon FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND backend_type = 'client backend'`,
    )) as Array<{ horizon: Date }>;
    return row.horizon;
  }

  private async advance(m: EntityManager, from: Date | null, to: Date): Promise<void> {
    if (from && to <= from) return;
    await this.save(m, 'ingest', to);
    for (const [id, at] of this.seen) if (at < to.getTime()) this.seen.delete(id);
  }

  private async save(m: EntityManager, name: 'ingest' | 'full_rescore', at: Date): Promise<void> {
    await m.query(`UPDATE scoring_watermarks SET at = $2, updated_at = now() WHERE name = $1`, [name, at]);
  }
}
