import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { HealthRegistry } from '../../platform/health/health.registry';
import { MetricsService } from '../../platform/metrics/metrics.service';
import { PeriodicTask } from '../../platform/periodic-task';
import { DashboardReadsService } from './dashboard-reads.service';

/**
 * In the alerts role (and all): says at start and in /health whether dashboard reads are traced,
 * and imports pgaudit's log every CAGE_PGAUDIT_INTERVAL_MS when CAGE_PGAUDIT_LOG is set.
 */
@Injectable()
export class DashboardReadsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DashboardReadsWorker.name);
  private readonly task: PeriodicTask;
  private status?: Promise<unknown>;

  constructor(
    private readonly reads: DashboardReadsService,
    private readonly health: HealthRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.task = new PeriodicTask(
      {
        name: 'cage_pgaudit_import',
        intervalMs: config.cage.importIntervalMs,
        run: () => reads.importNew(),
        onError: (error) => health.recordFailure('pgaudit', error),
        logger: this.logger,
      },
      metrics,
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.role !== 'alerts' && this.config.role !== 'all') return;
    // Not critical: the service works without it, but /health says dashboard reads go untraced.
    this.health.register({ name: 'pgaudit', critical: false, probe: async () => (await this.reads.status()).detail });
    this.status = this.reads.status().then(
      (s) => (s.loaded && s.logPath ? this.logger.log(s.detail) : this.logger.warn(s.detail)),
      (error: unknown) => this.logger.warn(`pgaudit status unknown: ${(error as Error).message}`),
    );
    if (this.config.cage.pgauditLog) this.task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
    await this.status;
  }
}
