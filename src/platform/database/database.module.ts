import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectionErrors } from './connection-errors';
import { dataSourceOptions } from './data-source-options';

@Global()
@Module({})
export class DatabaseModule {
  /** url is already resolved: the configured PostgreSQL or the started embedded PGlite. */
  static forRoot(url: string, migrateOnStart: boolean): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(url, { migrationsRun: migrateOnStart }), retryAttempts: 3, retryDelay: 1000 })],
      providers: [ConnectionErrors],
    };
  }
}
