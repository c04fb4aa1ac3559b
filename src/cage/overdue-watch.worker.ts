import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { MetricsService } from '../platform/metrics/metrics.service';
import { PeriodicTask } from '../platform/periodic-task';
import { CageClock } from './cage-clock';
import { beijingMonthOf } from '../platform/beijing-time';
import { IntegrityAnalysisService } from './integrity-analysis.service';
import { OverdueWatchService } from './overdue-watch.service';
import { ReadBatchesService } from './read-batches.service';

/**
 * Runs the overdue sweep and seals the access log into read batches in the alerts role (and all), at
 * the escalation timer's interval, and the
 * analysis of the current calendar month (Beijing time) at most once an hour: one integrity alert
 * per official, indicator and month.
 */
@Injectable()
export class OverdueWatchWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OverdueWatchWorker.name);
  private readonly task: PeriodicTask;
  private analysedAt = 0;

  constructor(
    private readonly watch: OverdueWatchService,
    private readonly analysis: IntegrityAnalysisService,
    private readonly reads: ReadBatchesService,
    private readonly clock: CageClock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.task = new PeriodicTask(
      {
        name: 'cage_overdue_watch',
        intervalMs: config.alerts.escalationIntervalMs,
        run: () => this.tick(),
        logger: this.logger,
      },
      metrics,
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.role === 'alerts' || this.config.role === 'all') this.task.start();
  }

  private async tick(): Promise<void> {
    await this.watch.sweep();
    await this.reads.seal();
    await this.analyseMonth();
  }

  private async analyseMonth(): Promise<void> {
    const now = this.clock.now();
    if (now.getTime() - this.analysedAt < 3_600_000) return;
    this.analysedAt = now.getTime();
    await this.analysis.run(...beijingMonthOf(now));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
