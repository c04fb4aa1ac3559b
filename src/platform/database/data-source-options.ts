import * as path from 'node:path';
import { DataSourceOptions } from 'typeorm';

// Entities and migrations are found by file name so a feature module adds a table without
// editing a central list; the same options serve Nest, the migrate command and the TypeORM CLI.
const SRC_ROOT = path.resolve(__dirname, '..', '..');

export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [path.join(SRC_ROOT, '**', '*.entity.{ts,js}')],
    migrations: [path.join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migrations',
    // Schema changes go through reviewed migrations only, in tests too.
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10 },
    ...overrides,
  } as DataSourceOptions;
}
