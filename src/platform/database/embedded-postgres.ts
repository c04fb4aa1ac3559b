import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { Logger } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded default database: PGlite (PostgreSQL compiled to WASM) in a local folder, served
 * over the PostgreSQL wire protocol on loopback so the pg driver, TypeORM and the migrations are
 * exactly those used against a real PostgreSQL.
 */
export class EmbeddedPostgres {
  private readonly logger = new Logger(EmbeddedPostgres.name);

  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
  ) {}

  static async start(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
    mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir);
    const chosenPort = port || (await freePort());
    // maxConnections above 1: the default 1 terminates a connection pool's extra connections.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: chosenPort, maxConnections: 32 });
    await server.start();
    const embedded = new EmbeddedPostgres(db, server, `postgres://postgres:postgres@127.0.0.1:${chosenPort}/postgres`);
    embedded.logger.log(`PGlite at ${dataDir} serving on 127.0.0.1:${chosenPort}`);
    return embedded;
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
