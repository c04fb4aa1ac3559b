import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Server, Socket, createServer } from 'node:net';
import { Logger } from '@nestjs/common';
import type { PGlite } from '@electric-sql/pglite';
import { SessionGate } from './session-gate';
import {
  CANCEL_REQUEST_CODE,
  GSS_REQUEST_CODE,
  PROTOCOL_3,
  SSL_REQUEST_CODE,
  SYNC,
  completeMessageLength,
  fatalError,
  lastReadyStatus,
  md5PasswordRequest,
  passwordOf,
  simpleQuery,
  startupParameters,
} from './wire';

export interface WireCredentials {
  user: string;
  password: string;
}

/** An owner of the session that sends nothing for this long inside a transaction is cut off. */
const IDLE_IN_TRANSACTION_MS = 60_000;
/** A connection that has not logged in by then is closed (the pool logs in at once). */
const LOGIN_TIMEOUT_MS = 10_000;

/**
 * Serves PGlite over the PostgreSQL wire protocol on loopback, for the pg pool of this process.
 * Unlike @electric-sql/pglite-socket, which queues single protocol messages and so interleaves
 * two connections' Parse/Bind/Execute/Sync sequences and transactions in PGlite's one session,
 * it lends the session to one connection from its first message to the next idle ReadyForQuery
 * (SessionGate). Clients must authenticate (MD5) with the credentials it was started with.
 */
export class PgliteWireServer {
  private readonly logger = new Logger(PgliteWireServer.name);
  private readonly gate = new SessionGate<WireConnection>();
  private readonly connections = new Set<WireConnection>();
  private server?: Server;

  constructor(
    private readonly db: PGlite,
    private readonly credentials: WireCredentials,
  ) {}

  async listen(host: string, port: number): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    for (const connection of this.connections) connection.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const connection = new WireConnection(socket, this.db, this.gate, this.credentials, this.logger);
    this.connections.add(connection);
    socket.once('close', () => this.connections.delete(connection));
  }
}

type Phase = 'startup' | 'password' | 'ready' | 'closed';

class WireConnection {
  private phase: Phase = 'startup';
  private buffer = Buffer.alloc(0);
  private work: Promise<void> = Promise.resolve();
  private startup?: Buffer;
  private readonly salt = randomBytes(4);
  private idleTimer?: NodeJS.Timeout;
  private readonly loginTimer: NodeJS.Timeout;

  constructor(
    private readonly socket: Socket,
    private readonly db: PGlite,
    private readonly gate: SessionGate<WireConnection>,
    private readonly credentials: WireCredentials,
    private readonly logger: Logger,
  ) {
    this.loginTimer = setTimeout(() => socket.destroy(), LOGIN_TIMEOUT_MS);
    socket.on('data', (data) => this.receive(data));
    socket.on('error', () => undefined); // 'close' follows and cleans up
    socket.once('close', () => {
      this.phase = 'closed';
      clearTimeout(this.loginTimer);
      this.work = this.work.then(() => this.leaveSession());
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const length = completeMessageLength(this.buffer, this.phase === 'startup');
      if (length === 0) return;
      const message = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      // One message at a time, in order: a connection's own messages never overtake each other.
      this.work = this.work.then(() => this.handle(message)).catch((error: Error) => this.fail(error));
    }
  }

  private async handle(message: Buffer): Promise<void> {
    if (this.phase === 'closed') return;
    if (this.phase === 'startup') return this.handleStartup(message);
    if (this.phase === 'password') return this.handlePassword(message);
    if (message[0] === 0x58 /* X: Terminate */) {
      this.socket.end();
      return;
    }
    clearTimeout(this.idleTimer);
    await this.gate.acquire(this);
    if (this.closed()) return this.leaveSession(); // went away while waiting
    const reply = await this.db.execProtocolRaw(new Uint8Array(message));
    if (reply.length > 0 && this.socket.writable) this.socket.write(reply);
    const status = lastReadyStatus(reply);
    if (status === 'I') this.gate.release(this);
    else if (status === 'T' || status === 'E')
      this.idleTimer = setTimeout(() => this.abandonTransaction(), IDLE_IN_TRANSACTION_MS);
  }

  private handleStartup(message: Buffer): void {
    const code = message.length >= 8 ? message.readInt32BE(4) : -1;
    if (code === SSL_REQUEST_CODE || code === GSS_REQUEST_CODE) {
      this.socket.write('N'); // loopback only: no TLS
      return;
    }
    if (code === CANCEL_REQUEST_CODE) {
      this.socket.end(); // one shared session: nothing to cancel
      return;
    }
    if (code !== PROTOCOL_3) return this.refuse('08P01', 'unsupported protocol version');
    this.startup = message;
    this.phase = 'password';
    this.socket.write(md5PasswordRequest(this.salt));
  }

  private async handlePassword(message: Buffer): Promise<void> {
    const user = startupParameters(this.startup!).user ?? '';
    const presented = Buffer.from(passwordOf(message) ?? '');
    const expected = Buffer.from(md5Answer(this.credentials, this.salt));
    const userOk = user === this.credentials.user;
    if (!userOk || presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      this.logger.warn(`embedded database refused a login as '${user.slice(0, 64)}'`);
      return this.refuse('28P01', `password authentication failed for user "${user.slice(0, 64)}"`);
    }
    this.phase = 'ready';
    clearTimeout(this.loginTimer);
    // PGlite answers the startup message itself: AuthenticationOk, parameters, ReadyForQuery.
    await this.gate.acquire(this);
    try {
      const reply = await this.db.execProtocolRaw(new Uint8Array(this.startup!));
      if (this.socket.writable) this.socket.write(reply);
    } finally {
      this.gate.release(this);
    }
  }

  private closed(): boolean {
    return this.phase === 'closed';
  }

  private refuse(sqlState: string, text: string): void {
    this.phase = 'closed';
    this.socket.end(fatalError(sqlState, text));
  }

  private abandonTransaction(): void {
    this.logger.warn(
      `embedded database: a connection stayed idle in a transaction for ${IDLE_IN_TRANSACTION_MS} ms; closing it`,
    );
    this.socket.destroy();
  }

  private fail(error: Error): void {
    this.logger.error(`embedded database connection failed: ${error.message}`);
    this.socket.destroy();
  }

  /** A connection that goes away holding the session leaves it clean and idle for the next one. */
  private async leaveSession(): Promise<void> {
    clearTimeout(this.idleTimer);
    if (this.gate.holder !== this) {
      this.gate.release(this); // drop a place in the queue
      return;
    }
    try {
      const status = lastReadyStatus(await this.db.execProtocolRaw(SYNC)); // ends a half-sent sequence
      if (status !== 'I') await this.db.execProtocolRaw(simpleQuery('ROLLBACK'));
    } catch (error) {
      this.logger.error(`embedded database: cleaning up after a closed connection failed: ${(error as Error).message}`);
    } finally {
      this.gate.release(this);
    }
  }
}

/** The MD5 answer PostgreSQL expects: 'md5' + md5(md5(password + user) + salt). */
function md5Answer({ user, password }: WireCredentials, salt: Buffer): string {
  const inner = createHash('md5')
    .update(password + user)
    .digest('hex');
  return `md5${createHash('md5')
    .update(Buffer.concat([Buffer.from(inner), salt]))
    .digest('hex')}`;
}
