import 'reflect-metadata';
import { startApp } from './bootstrap';
import { ConfigError, isLedgerAppRole, loadConfig, loadLedgerAppConfig, ROLES } from './platform/config/config';
import { startLedgerApp } from './evidence-chain/ledger-app/ledger-app.main';
import { migrate } from './platform/database/migrate';
import { EmbeddedPostgres } from './platform/database/embedded-postgres';

// One entry point for every role: `node dist/src/main.js [migrate | api | ingest | ... | all]`;
// the ROLE environment variable names the role when no argument does. `ledger-app` is the chain
// application beside a CometBFT validator: a separate small process without database or Kafka.
async function main(): Promise<void> {
  const command = process.argv[2];
  if (isLedgerAppRole(command)) return startLedgerApp(loadLedgerAppConfig());
  if (command !== undefined && command !== 'migrate' && !(ROLES as readonly string[]).includes(command)) {
    throw new ConfigError([
      `unknown command '${command}': use migrate, ledger-app or one of the roles ${ROLES.join(', ')}`,
    ]);
  }
  const config = loadConfig(undefined, command && command !== 'migrate' ? { ROLE: command } : {});
  if (command === 'migrate') {
    if (config.database.mode === 'postgres') {
      // As the tables' owner when one is named; the service itself runs as a role that is not.
      await migrate(config.database.migrationUrl ?? config.database.url);
    } else {
      const embedded = await EmbeddedPostgres.start(config.database.dataDir);
      await migrate(embedded.url).finally(() => embedded.stop());
    }
    return;
  }
  await startApp(config);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(`fatal: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
