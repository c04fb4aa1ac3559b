import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LeaderLock } from '../../platform/database/leader-lock';
import { toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { signCheckpoint } from '../checkpoint/checkpoint-signature';
import { checkpointId } from '../checkpoint/checkpoint';
import { LogStore } from '../log/log-store';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { MetricsService } from '../../platform/metrics/metrics.service';
import { PeriodicTask } from '../../platform/periodic-task';
import { LEDGER, REGULATOR_KEY } from '../evidence.tokens';
import { CheckpointStore } from './checkpoint-store';
import { Ledger } from './ledger';

// Any constant shared by every anchor process: whoever holds this lock is the single leader.
const LEADER_LOCK = 7_246_001;
// How often a broadcast checkpoint is looked for between rounds. Its block's canonical commit
// exists about one block (~1 s) after the tx is in a block; waiting for the next round instead
// would add up to a whole interval to every record's time to anchored.
const ANCHOR_POLL_MS = 250;

/**
 * The anchor role: every ANCHOR_INTERVAL_MS the leader sequences queued leaves into the log,
 * signs a checkpoint when the log grew, and anchors the unanchored checkpoints in order; while
 * some wait for their block, it collects them every ANCHOR_POLL_MS in between.
 * Everything it needs to resume is in PostgreSQL, so a killed leader's successor carries on.
 */
@Injectable()
export class AnchorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AnchorService.name);
  private readonly leader: LeaderLock;
  private readonly task: PeriodicTask;
  /** Checkpoints broadcast (or queued) but not yet anchored, after the last pass. */
  private waiting = 0;
  private nextRoundAt = 0;
  private readonly metrics;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: LogStore,
    private readonly checkpoints: CheckpointStore,
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(REGULATOR_KEY) private readonly signingKey: Uint8Array,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.leader = new LeaderLock(dataSource, LEADER_LOCK, this.logger);
    this.metrics = {
      treeSize: metrics.gauge('evidence_log_tree_size', 'Leaves in the evidence log'),
      anchoredSize: metrics.gauge('evidence_anchored_tree_size', 'Tree size of the newest anchored checkpoint'),
      pending: metrics.gauge('evidence_unanchored_checkpoints', 'Signed checkpoints waiting for the ledger'),
      failures: metrics.counter('evidence_anchor_failures_total', 'Anchor rounds that failed'),
    };
    // The leader lock stays inside round() and collect(), which tests and the CLI call directly.
    this.task = new PeriodicTask(
      {
        name: 'evidence_anchor',
        firstDelayMs: 0,
        intervalMs: () => {
          const untilRound = Math.max(0, this.nextRoundAt - Date.now());
          return this.waiting > 0 ? Math.min(untilRound, ANCHOR_POLL_MS) : untilRound;
        },
        run: () => this.step(),
        onError: () => {
          this.metrics.failures.inc();
          this.waiting = 0; // the ledger is failing: retry at the round's pace, not every poll
        },
        logger: this.logger,
      },
      metrics,
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
    await this.leader.release();
  }

  /** A round when one is due, else a poll for the anchors of broadcast checkpoints. */
  private async step(): Promise<void> {
    const now = Date.now();
    if (now < this.nextRoundAt) return this.collect();
    this.nextRoundAt = now + this.config.anchorIntervalMs;
    await this.round();
  }

  /** One round; public so tests and the CLI can drive it without waiting for the timer. */
  async round(): Promise<void> {
    if (!(await this.leader.held())) return;
    await this.log.sequencePending();
    const log = await this.log.current();
    this.metrics.treeSize.set(log.size);
    const latest = await this.checkpoints.latest();
    // A log that no longer gives the last signed root (rewritten while this process was down) must
    // not be signed again: that would launder the rewrite into a new checkpoint. The tamper scan
    // reports it as a red alert; no checkpoint is signed until someone restores the log.
    const broken =
      latest !== null &&
      (log.size < latest.checkpoint.treeSize ||
        toHex(log.root(latest.checkpoint.treeSize)) !== latest.checkpoint.rootHash);
    if (broken)
      this.logger.error(
        `evidence log does not give the root of checkpoint ${latest.checkpoint.treeSize} any more: not signing a new checkpoint`,
      );
    else if (log.size > (latest?.checkpoint.treeSize ?? 0)) {
      const signed = signCheckpoint(
        {
          origin: this.config.evidence.origin,
          treeSize: log.size,
          rootHash: toHex(log.root(log.size)),
          previous: latest ? checkpointId(latest, nodeSha256) : null,
          issuedAt: new Date().toISOString(),
        },
        this.signingKey,
      );
      await this.checkpoints.save(signed);
    }
    await this.anchorPending();
  }

  /** Between rounds: records the anchors of checkpoints whose blocks are now final. */
  private async collect(): Promise<void> {
    if (!(await this.leader.held())) return;
    await this.anchorPending();
  }

  private async anchorPending(): Promise<void> {
    const pending = await this.checkpoints.unanchored();
    this.waiting = pending.length;
    this.metrics.pending.set(pending.length);
    // Submit in order first (one block can then carry several), then collect what is final.
    for (const signed of pending) {
      await this.ledger.submit(signed, async (fromSize) =>
        (await this.log.current()).consistencyProof(fromSize, signed.checkpoint.treeSize),
      );
    }
    for (const signed of pending) {
      const anchored = await this.ledger.anchorOf(signed);
      if (!anchored) break; // later ones wait, so anchors are recorded in order
      await this.checkpoints.saveAnchor(signed.checkpoint.treeSize, { ledger: this.ledger.kind, ...anchored });
      this.metrics.anchoredSize.set(signed.checkpoint.treeSize);
      this.metrics.pending.dec();
      this.waiting--;
    }
  }
}
