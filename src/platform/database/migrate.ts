import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Applies every pending migration, each in its own transaction; returns the names applied. */
export async function migrate(url: string): Promise<string[]> {
  const logger = new Logger('Migrate');
  const dataSource = await new DataSource(dataSourceOptions(url, { migrationsTransactionMode: 'each' })).initialize();
  try {
    const applied = await dataSource.runMigrations();
    for (const m of applied) logger.log(`applied ${m.name}`);
    if (applied.length === 0) logger.log('schema is up to date');
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
