import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../../platform/config/config';
import { dataSourceOptions } from '../../platform/database/data-source-options';
import { importDashboardReads } from './import-dashboard-reads';

// `npm run cage:import-reads [-- <log file>]`: imports the dashboard role's reads from pgaudit's log
// once (CAGE_PGAUDIT_LOG unless a path is given) into DATABASE_URL's access log, and prints how many.
async function main(): Promise<void> {
  const config = loadConfig();
  const logPath = process.argv[2] ?? config.cage.pgauditLog;
  if (!logPath) throw new ConfigError(['give the pgaudit log file as the argument or set CAGE_PGAUDIT_LOG']);
  if (config.database.mode !== 'postgres')
    throw new ConfigError(['the import needs DATABASE_URL: the embedded database has no pgaudit']);
  const dataSource = await new DataSource(dataSourceOptions(config.database.url)).initialize();
  try {
    const result = await importDashboardReads(dataSource, logPath, config.cage.dashboardRole);
    process.stdout.write(
      `${logPath}: ${result.reads} dashboard reads from ${result.bytes} bytes${result.restarted ? ' (file rotated: read from its start)' : ''}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.message ?? error}\n`);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
