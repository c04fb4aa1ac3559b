import { Logger } from '@nestjs/common';
import * as path from 'node:path';
import { LedgerAppConfig } from '../../platform/config/config';
import { createLogger } from '../../platform/logging/logger';
import { startAbciServer } from './abci-server';
import { LedgerApp } from './ledger-app';
import { LedgerStore } from './ledger-store';

/** Runs the chain application beside one validator until SIGTERM; no Nest container, no database. */
export async function startLedgerApp(config: LedgerAppConfig): Promise<void> {
  Logger.overrideLogger(createLogger(config.log));
  const logger = new Logger('LedgerApp');
  const store = await LedgerStore.open(path.join(config.home, 'ledger-state'));
  const server = await startAbciServer(new LedgerApp(store), config.listen.host, config.listen.port);
  logger.log(
    `ledger app on tcp://${config.listen.host}:${config.listen.port}, state ${config.home}, height ${store.height}`,
  );
  const stop = () => {
    server.close();
    // Every committed block is already fsync'd; closing only releases the LevelDB lock.
    void store.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
