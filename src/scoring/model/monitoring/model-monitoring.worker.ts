import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RESCORE_POLLER_ENABLED } from '../../rescore-poller';
import { todayInChina } from '../../scoring.service';
import { ModelMonitoringService } from './model-monitoring.service';

/** Outcomes arrive slowly: a monitoring run a minute after start, then daily, in the scoring role only. */
export const MONITORING_INTERVAL_MS = 24 * 3_600_000;
const FIRST_RUN_MS = 60_000;

@Injectable()
export class ModelMonitoringWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ModelMonitoringWorker.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly monitoring: ModelMonitoringService,
    @Inject(RESCORE_POLLER_ENABLED) private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const tick = (delay: number) => {
      this.timer = setTimeout(() => {
        this.monitoring
          .run(todayInChina(), new Date())
          .then((r) => r && this.logger.log(`model ${r.version}: ${r.population} firms, ${r.breaches.length} breaches`))
          .catch((error: unknown) => this.logger.error(`model monitoring failed: ${(error as Error).message}`))
          .finally(() => tick(MONITORING_INTERVAL_MS));
      }, delay);
      this.timer.unref();
    };
    tick(FIRST_RUN_MS);
  }

  onModuleDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
