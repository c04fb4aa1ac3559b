import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { MetricsService } from '../../platform/metrics/metrics.service';
import { PeriodicTask } from '../../platform/periodic-task';
import { IntegrityAlertNotifier } from './integrity-alert-notifier.service';

/** Sends integrity alerts to the inspectors in the alerts role (and all), at the escalation timer's interval. */
@Injectable()
export class IntegrityAlertNotifierWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IntegrityAlertNotifierWorker.name);
  private readonly task: PeriodicTask;

  constructor(
    notifier: IntegrityAlertNotifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.task = new PeriodicTask(
      {
        name: 'cage_integrity_notify',
        intervalMs: config.alerts.escalationIntervalMs,
        run: () => notifier.sendPending(),
        logger: this.logger,
      },
      metrics,
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.role === 'alerts' || this.config.role === 'all') this.task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
