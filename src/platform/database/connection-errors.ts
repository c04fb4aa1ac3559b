import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthRegistry } from '../health/health.registry';

interface PgClient {
  on(event: 'error', listener: (error: Error) => void): unknown;
  guarded?: boolean;
}

interface PgPool {
  on(event: 'connect', listener: (client: PgClient) => void): unknown;
  _clients?: PgClient[];
}

/**
 * node-postgres emits 'error' on a client the server drops (failover, restart, a terminated
 * backend). The pool listens only while a client is idle; a client checked out between two
 * queries has no listener, and an unhandled 'error' event would take the whole process down.
 * Every client gets a listener: the next query on it fails normally and the pool replaces it.
 */
@Injectable()
export class ConnectionErrors implements OnModuleInit {
  private readonly logger = new Logger(ConnectionErrors.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) return;
    const guard = (client: PgClient) => {
      if (client.guarded) return;
      client.on('error', (error) => {
        this.logger.warn(`database connection lost: ${error.message}`);
        this.health.recordFailure('database', error);
      });
      client.guarded = true;
    };
    for (const client of pool._clients ?? []) guard(client); // opened during migrations, before this hook
    pool.on('connect', guard);
  }
}
