import type { Logger as TypeOrmLogger } from 'typeorm';
import { HealthRegistry } from '../health/health.registry';
import { isDatabaseFailure } from './failure-classes';

/**
 * TypeORM's logger hook, used only to tell /health about queries that failed because the
 * database failed; callers still get and log their errors. Query text and parameters are never
 * kept (they may carry personal data).
 */
export class DatabaseHealthLogger implements TypeOrmLogger {
  constructor(private readonly health: HealthRegistry) {}

  logQueryError(error: string | Error): void {
    if (isDatabaseFailure(error)) this.health.recordFailure('database', error);
  }

  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
