import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { CageClock } from '../cage-clock';
import { importDashboardReads, type ImportResult } from './import-dashboard-reads';

/** What the health check and the logs say about tracing dashboard reads. */
export interface PgauditStatus {
  loaded: boolean;
  logPath: string | null;
  detail: string;
}

/** 看板查阅留痕: imports the dashboard role's reads from pgaudit's log into the access log. */
@Injectable()
export class DashboardReadsService {
  private readonly logger = new Logger(DashboardReadsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: CageClock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Imports what pgaudit appended since the last run; nothing when no log is configured. */
  async importNew(): Promise<ImportResult> {
    const { pgauditLog, dashboardRole } = this.config.cage;
    if (!pgauditLog) return { bytes: 0, reads: 0, restarted: false };
    const result = await importDashboardReads(this.dataSource, pgauditLog, dashboardRole, this.clock.now());
    if (result.restarted) this.logger.log(`${pgauditLog} was rotated or truncated: imported it from its start`);
    return result;
  }

  /** Whether the database loads pgaudit and a log is configured (the embedded PGlite never loads it). */
  async status(): Promise<PgauditStatus> {
    const logPath = this.config.cage.pgauditLog;
    const [row]: Array<{ libraries: string | null }> = await this.dataSource
      .query(`SELECT current_setting('shared_preload_libraries', true) AS libraries`)
      .catch(() => [{ libraries: null }]);
    const loaded = (row?.libraries ?? '').split(',').some((l) => l.trim() === 'pgaudit');
    const detail = !loaded
      ? 'pgaudit is not loaded in this database: dashboard reads are not traced'
      : !logPath
        ? 'pgaudit is loaded but CAGE_PGAUDIT_LOG is not set: dashboard reads are logged, not imported'
        : `pgaudit loaded; importing ${this.config.cage.dashboardRole}'s reads from ${logPath}`;
    return { loaded, logPath, detail };
  }
}
