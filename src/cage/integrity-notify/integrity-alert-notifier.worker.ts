import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { IntegrityAlertNotifier } from './integrity-alert-notifier.service';

/** Sends integrity alerts to the inspectors in the alerts role (and all), at the escalation timer's interval. */
@Injectable()
export class IntegrityAlertNotifierWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IntegrityAlertNotifierWorker.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly notifier: IntegrityAlertNotifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role !== 'alerts' && this.config.role !== 'all') return;
    const loop = () => {
      this.running = this.notifier
        .sendPending()
        .catch((error: unknown) => this.logger.warn(`integrity alerts not sent: ${(error as Error).message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.config.alerts.escalationIntervalMs);
        });
    };
    this.timer = setTimeout(loop, this.config.alerts.escalationIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
