import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { HealthReport, HealthRegistry } from '../platform/health/health.registry';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Readiness per dependency: 200 when every critical dependency answers, else 503. */
  @Get()
  async report(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.report(this.config.role);
    res.status(report.status === 'down' ? 503 : 200);
    return report;
  }

  /** Liveness: the process answers; dependencies are not consulted (a restart would not fix them). */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
