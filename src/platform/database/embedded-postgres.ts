import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';
import { PgliteWireServer } from './embedded/pglite-wire-server';

/**
 * The embedded default database: PGlite (PostgreSQL compiled to WASM) in a local folder, served
 * over the PostgreSQL wire protocol on loopback so the pg driver, TypeORM and the migrations are
 * exactly those used against a real PostgreSQL. The server admits only this process: the password
 * is new at every start and only the URL handed to the pool carries it.
 */
export class EmbeddedPostgres {
  private readonly logger = new Logger(EmbeddedPostgres.name);

  private constructor(
    private readonly db: PGlite,
    private readonly server: PgliteWireServer,
    readonly url: string,
  ) {}

  static async start(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
    ownerOnlyFolder(dataDir);
    const db = await PGlite.create(dataDir);
    ownerOnlyFiles(dataDir);
    const credentials = { user: 'postgres', password: randomBytes(24).toString('base64url') };
    const server = new PgliteWireServer(db, credentials);
    const chosenPort = await server.listen('127.0.0.1', port);
    const embedded = new EmbeddedPostgres(
      db,
      server,
      `postgres://${credentials.user}:${credentials.password}@127.0.0.1:${chosenPort}/postgres`,
    );
    embedded.logger.log(`PGlite at ${dataDir} serving on 127.0.0.1:${chosenPort}`);
    return embedded;
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}

/**
 * The database files hold password hashes and personal data: the folder (and any parent made
 * here) is the owner's alone, also when an older version made it 0755, so whatever PGlite writes
 * in it later is out of others' reach; files this process creates get umask 077.
 */
function ownerOnlyFolder(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}

/** PGlite's WASM file system sets its own modes (0666, 0644): take group and other bits away. */
function ownerOnlyFiles(dataDir: string): void {
  for (const entry of readdirSync(dataDir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dataDir, entry);
    const { mode } = lstatSync(file);
    if ((mode & 0o077) !== 0 && (mode & 0o170000) !== 0o120000) chmodSync(file, mode & 0o700);
  }
}
