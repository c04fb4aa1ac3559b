import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Assignment, FeedHandler, FeedMessage } from '../../platform/change-feed/change-bus';
import { ChangeFeed } from '../../platform/change-feed/change-feed.service';
import { partitionOf } from '../../platform/change-feed/firm-partition';
import type { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { MetricsService } from '../../platform/metrics/metrics.service';
import { HistoryLoader } from '../persistence/history-loader';
import { ScoringService, type RescoreSummary } from '../scoring.service';
import { FirmStateCache } from './firm-state-cache';

/** Whether this process consumes the firm changes (role scoring or all). */
export const FIRM_CHANGES_ENABLED = Symbol('FIRM_CHANGES_ENABLED');

/** A "firm changed" message: the records one intake statement added for the firm, or a propagation nudge. */
interface FirmChange {
  firmId: string;
  records: string[];
  reason?: 'propagation';
}

/**
 * The scoring replicas' side of the firm-changes stream: each replica re-scores the firms of the
 * partitions it owns, from its in-memory state of them (FirmStateCache), one batch of messages at
 * a time. Idempotent per (firm, change id): a change already scored is skipped here, and the
 * storing transaction checks again (scoring_firm_inputs), so a redelivered batch stores nothing twice.
 */
@Injectable()
export class FirmChangesConsumer implements OnApplicationBootstrap, FeedHandler {
  private readonly logger = new Logger(FirmChangesConsumer.name);
  readonly cache: FirmStateCache;
  private readonly changes;
  private serving = false;
  /** Where the last re-score's time went (the bench and tests read it). */
  lastRun: RescoreSummary['ms'] | null = null;

  constructor(
    dataSource: DataSource,
    loader: HistoryLoader,
    private readonly scoring: ScoringService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(FIRM_CHANGES_ENABLED) private readonly enabled: boolean,
    metrics: MetricsService,
    @Optional() private readonly feed?: ChangeFeed,
  ) {
    this.cache = new FirmStateCache(dataSource, loader, config.changeFeed.contextRefreshMs);
    this.changes = metrics.counter(
      'scoring_firm_changes_total',
      'Firm changes taken from the feed, by outcome (scored, already scored)',
      ['outcome'],
    );
  }

  /** Whether re-scores on new records come from the feed here (the poller then runs only the full re-score). */
  get active(): boolean {
    return this.serving;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled || !this.feed) return;
    this.serving = true;
    await this.feed.serve('firm-changes', this);
  }

  assigned(assignment: Assignment): void {
    const owns =
      assignment === 'all'
        ? () => true
        : (firm: { creditCode: string }) => assignment.partitions.includes(partitionOf(firm.creditCode, assignment.of));
    // The in-process bus owns every firm after another process may have scored them: start afresh.
    this.cache
      .retain(owns, assignment === 'all')
      .catch((error: unknown) => this.logger.error(`loading the owned firms failed: ${(error as Error).message}`));
  }

  async handle(messages: readonly FeedMessage[]): Promise<void> {
    const changes = messages
      .map((m) => ({ id: Number(m.id), ...(m.payload as unknown as FirmChange) }))
      .filter((c) => typeof c.firmId === 'string' && c.id > 0);
    await this.cache.ensure(changes.map((c) => c.firmId));
    const inputs = new Map<string, number>();
    const recordIds: string[] = [];
    let propagation = false;
    let skipped = 0;
    for (const c of changes) {
      if (c.id <= this.cache.applied(c.firmId)) {
        skipped += 1;
        continue;
      }
      inputs.set(c.firmId, Math.max(inputs.get(c.firmId) ?? 0, c.id));
      recordIds.push(...(c.records ?? []));
      propagation ||= c.reason === 'propagation';
    }
    if (skipped) this.changes.inc({ outcome: 'already_scored' }, skipped);
    if (!inputs.size) return;
    if (propagation) this.cache.invalidateContext(); // the red firm's new assessment is in the database, not in this replica
    await this.cache.refresh([...inputs.keys()], recordIds);
    this.lastRun = (await this.scoring.rescoreChanges(inputs, this.cache)).ms;
    for (const [firmId, changeId] of inputs) this.cache.markApplied(firmId, changeId);
    this.changes.inc({ outcome: 'scored' }, inputs.size);
  }
}
