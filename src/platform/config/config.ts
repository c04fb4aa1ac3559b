import * as path from 'node:path';

/** The process roles one image can play (DESIGN.md: one codebase, several roles). */
export const ROLES = ['api', 'ingest', 'scoring', 'alerts', 'anchor', 'all'] as const;
export type Role = (typeof ROLES)[number];

export type DatabaseConfig =
  | { mode: 'postgres'; url: string }
  // Embedded default: PGlite in a local folder, served over the PostgreSQL wire protocol.
  | { mode: 'pglite'; dataDir: string };

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  /** Prefix of every consumer group id, so several deployments can share one cluster. */
  groupPrefix: string;
}

export type LedgerConfig =
  | { kind: 'local' }
  | { kind: 'cometbft'; rpc: string[]; genesisPath: string };

export interface AppConfig {
  role: Role;
  http: { host: string; port: number };
  database: DatabaseConfig;
  /** Applies pending migrations on start; on by default only for the embedded database. */
  migrateOnStart: boolean;
  /** Null when Kafka is not configured: intake is then by HTTP push only. */
  kafka: KafkaConfig | null;
  ledger: LedgerConfig;
  dataDir: string;
  log: { format: 'json' | 'text'; level: LogLevel };
  /** Seeds demonstration firms and data into an empty database. */
  demoData: boolean;
  anchorIntervalMs: number;
}

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every configuration problem found, so the operator fixes them all in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the configuration from environment variables. With none set the service
 * runs on its embedded default: PGlite, no Kafka, the local ledger and demo data. `overrides`
 * win over the environment (e.g. the role named on the command line).
 */
export function loadConfig(environment: Env = process.env, overrides: Env = {}): AppConfig {
  const env = { ...environment, ...overrides };
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const dataDir = path.resolve(read.string('DATA_DIR') ?? 'data');
  const databaseUrl = read.string('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/[^/]+/.test(databaseUrl)) {
    problems.push(`DATABASE_URL must be a postgres:// URL, got '${maskUrl(databaseUrl)}'`);
  }
  const database: DatabaseConfig = databaseUrl
    ? { mode: 'postgres', url: databaseUrl }
    : { mode: 'pglite', dataDir: path.join(dataDir, 'pglite') };

  const brokers = read.list('KAFKA_BROKERS');
  for (const broker of brokers ?? []) {
    if (!/^[^\s:/]+:\d{1,5}$/.test(broker)) problems.push(`KAFKA_BROKERS has '${broker}', expected host:port`);
  }

  const ledgerKind = read.oneOf('LEDGER', ['local', 'cometbft'] as const) ?? (env.COMETBFT_RPC ? 'cometbft' : 'local');
  let ledger: LedgerConfig = { kind: 'local' };
  if (ledgerKind === 'cometbft') {
    const rpc = read.list('COMETBFT_RPC');
    const genesisPath = read.string('COMETBFT_GENESIS');
    if (!rpc) problems.push('LEDGER=cometbft needs COMETBFT_RPC (comma-separated validator RPC URLs)');
    for (const url of rpc ?? []) if (!/^https?:\/\/[^/]+/.test(url)) problems.push(`COMETBFT_RPC has '${url}', expected http(s)://host:port`);
    if (!genesisPath) problems.push('LEDGER=cometbft needs COMETBFT_GENESIS (path to the published genesis.json)');
    ledger = { kind: 'cometbft', rpc: rpc ?? [], genesisPath: path.resolve(genesisPath ?? '') };
  }

  const config: AppConfig = {
    role: read.oneOf('ROLE', ROLES) ?? 'all',
    http: { host: read.string('HTTP_HOST') ?? '127.0.0.1', port: read.int('HTTP_PORT', 0, 65535) ?? 3000 },
    database,
    migrateOnStart: read.bool('MIGRATE_ON_START') ?? database.mode === 'pglite',
    kafka: brokers
      ? { brokers, clientId: read.string('KAFKA_CLIENT_ID') ?? 'risk-surveillance', groupPrefix: read.string('KAFKA_GROUP_PREFIX') ?? 'risk' }
      : null,
    ledger,
    dataDir,
    log: { format: read.oneOf('LOG_FORMAT', ['json', 'text'] as const) ?? 'json', level: read.oneOf('LOG_LEVEL', LOG_LEVELS) ?? 'log' },
    demoData: read.bool('DEMO_DATA') ?? database.mode === 'pglite',
    anchorIntervalMs: read.int('ANCHOR_INTERVAL_MS', 200, 3_600_000) ?? 2000,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Hides the password of a connection URL before it reaches a log line or an error. */
export function maskUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1****@');
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  /** undefined when unset; a value that is set but blank is a mistake, not "unset". */
  string(key: string): string | undefined {
    const raw = this.env[key];
    if (raw === undefined) return undefined;
    if (raw.trim() === '') {
      this.problems.push(`${key} is set but empty`);
      return undefined;
    }
    return raw.trim();
  }

  list(key: string): string[] | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
    if (items.length === 0) this.problems.push(`${key} is set but lists nothing`);
    return items.length ? items : undefined;
  }

  int(key: string, min: number, max: number): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      this.problems.push(`${key} must be a whole number from ${min} to ${max}, got '${raw}'`);
      return undefined;
    }
    return n;
  }

  bool(key: string): boolean | undefined {
    const raw = this.string(key)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${key} must be true or false, got '${raw}'`);
    return undefined;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${key} must be one of ${allowed.join(', ')}, got '${raw}'`);
      return undefined;
    }
    return raw as T;
  }
}
