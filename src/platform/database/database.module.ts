import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HealthModule } from '../health/health.module';
import { HealthRegistry } from '../health/health.registry';
import { ConnectionErrors } from './connection-errors';
import { DatabaseHealthLogger } from './database-health.logger';
import { dataSourceOptions } from './data-source-options';

@Global()
@Module({})
export class DatabaseModule {
  /** url is already resolved: the configured PostgreSQL or the started embedded PGlite. */
  static forRoot(url: string, migrateOnStart: boolean): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          imports: [HealthModule],
          inject: [HealthRegistry],
          useFactory: (health: HealthRegistry) => ({
            ...dataSourceOptions(url, { migrationsRun: migrateOnStart }),
            logger: new DatabaseHealthLogger(health),
            retryAttempts: 3,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [ConnectionErrors],
    };
  }
}
