import * as path from 'node:path';
import { readSmsConfig, type SmsConfig } from './sms-config';
import { readChangeFeedConfig, type ChangeFeedConfig } from './change-feed-config';
import { readCageConfig, type CageConfig } from './cage-config';
import {
  DEFAULT_PUSH_HOSTS,
  DEFAULT_ROBOT_HOSTS,
  TEST_ORIGIN_PATTERN,
  type AlertDestinations,
} from './alert-destinations';

/** The process roles one image can play (docs/architecture.md: one codebase, several roles). */
export const ROLES = ['api', 'ingest', 'scoring', 'alerts', 'anchor', 'all'] as const;
export type Role = (typeof ROLES)[number];

export type DatabaseConfig =
  // migrationUrl: the tables' owner, for `migrate` only; url: the service's role (member of risk_runtime).
  | { mode: 'postgres'; url: string; migrationUrl?: string }
  // Embedded default: PGlite in a local folder, served over the PostgreSQL wire protocol.
  | { mode: 'pglite'; dataDir: string };

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  /** Prefix of every consumer group id, so several deployments can share one cluster. */
  groupPrefix: string;
  /** Prefix of every topic name (empty by default), for the same reason and for isolated tests. */
  topicPrefix: string;
  /**
   * How long a consumer may stay silent before its group gives its partitions to another replica:
   * the takeover time after a replica dies. Consumers heartbeat between transactions, so it must
   * exceed one transaction's time (INGEST_KAFKA_TRANSACTION_RECORDS).
   */
  sessionTimeoutMs: number;
  /** Bytes fetched per partition at once: larger fetches make fewer, larger transactions. */
  fetchPartitionBytes: number;
}

export type LedgerConfig = { kind: 'local' } | { kind: 'cometbft'; rpc: string[]; genesisPath: string };

/** Where the Ed25519 key signing staff tokens comes from. */
export type SigningKeySource =
  | { kind: 'pem'; pem: string } // PKCS8 PEM
  | { kind: 'seed'; seedHex: string } // 32-byte Ed25519 seed, hex
  // Embedded default: generated once and kept in a file of the data folder.
  | { kind: 'file'; path: string };

/** An external OpenID Connect issuer whose access tokens staff may also present. */
export interface OidcConfig {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** Claims carrying the staff role (one of STAFF_ROLES) and the GB/T 2260 region code. */
  roleClaim: string;
  regionClaim: string;
}

export interface AuthConfig {
  issuer: string;
  audience: string;
  tokenTtlSeconds: number;
  signingKey: SigningKeySource;
  /** Built-in user store login (POST /v1/auth/token); production may rely on OIDC alone. */
  passwordLogin: boolean;
  oidc: OidcConfig | null;
  lockout: { maxFailures: number; durationSeconds: number };
  /** Failed password logins a minute per (client IP, username), burst twice that (429 above). */
  loginFailuresPerMinute: number;
}

export interface AppConfig {
  role: Role;
  /**
   * trustProxy: the proxies in front (hop count, or addresses/subnets/'loopback'...) whose
   * X-Forwarded-For Express may believe for the client's address; unset, the socket's address.
   */
  http: { host: string; port: number; trustProxy?: number | string[] };
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
  ingest: IngestConfig;
  evidence: EvidenceConfig;
  /** Staff identity: our own signed tokens and, optionally, an external OIDC issuer. */
  auth: AuthConfig;
  /** Alert channels and the escalation timer (src/alerts/README.md). */
  alerts: AlertsConfig;
  /** Re-scoring: event-driven poll of ingest_records and the scheduled full re-score (src/scoring/README.md). */
  scoring: ScoringConfig;
  /** Firm changes and assessment signals partitioned by firm (src/platform/change-feed/README.md). */
  changeFeed: ChangeFeedConfig;
  /** 数据铁笼: the pgaudit import of dashboard reads (docs/data-cage.md). */
  cage: CageConfig;
}

export interface ScoringConfig {
  /** How often the scoring role looks for records received since its watermark. */
  pollIntervalMs: number;
  /** How often every firm is re-scored (market facts, ranking and date windows move without new records). */
  fullRescoreIntervalMs: number;
  /** Folder of model versions with active.json; undefined: the artifacts shipped with the code. */
  modelDir?: string;
  /** Folder of the bundled rule packs (*.vN.yaml); undefined: the packs shipped with the code. */
  packsDir?: string;
  /** Firms per history load and per persisting transaction. */
  batchSize: number;
}

/** Deployment settings of alert delivery; each official's addresses are in the staff_contacts table. */
export interface AlertsConfig {
  /** Base URL of the mobile page; messages link to `<base>/alerts/<id>`. */
  mobileBaseUrl: string;
  /** WeCom / DingTalk group robots (off on a network without internet access). */
  robots: boolean;
  /** SMS provider (ALERTS_SMS_PROVIDER: gateway, tencent, aliyun); null: SMS deliveries are skipped. */
  sms: SmsConfig | null;
  /** VAPID key pair of Web Push: given, or generated once into a file of the data folder. */
  vapid: { kind: 'keys'; publicKey: string; privateKey: string } | { kind: 'file'; path: string };
  /** mailto: or https: contact sent to push services. */
  vapidSubject: string;
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; attemptTimeoutMs: number };
  /** How often the alerts role looks for open alerts past their acknowledgement deadline. */
  escalationIntervalMs: number;
  /** GB/T 2260 city code of the bureau: region of bureau-wide alerts (no firm). */
  bureauRegionCode: string;
  /** Hosts robot webhooks and Web Push endpoints may name (https only), and loopback origins tests open. */
  destinations: AlertDestinations;
}

export interface EvidenceConfig {
  /** Ed25519 secret key (32-byte seed) signing checkpoints; undefined: a key file in DATA_DIR. */
  signingKey?: Buffer;
  /** Names the log in every checkpoint and receipt. */
  origin: string;
  /** How often stored records are re-hashed against their evidence leaves. */
  tamperCheckIntervalMs: number;
}

export interface IngestConfig {
  /** Key of the keyed hash of identity numbers; undefined: a key file in DATA_DIR (one node only). */
  idHashKey?: Buffer;
  /** Largest push body accepted (413 above). */
  maxBodyBytes: number;
  /** Most records in one bulk push (413 above). */
  maxItemsPerRequest: number;
  /** Push requests per second per firm key (429 above), with a burst of twice that. */
  rateLimitPerSecond: number;
  /** Kafka messages stored per transaction: bounds a transaction's size and what a crash replays. */
  kafkaTransactionRecords: number;
}

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * HTTP_TRUST_PROXY: a hop count ("1") or the proxies' addresses and subnets ("10.0.0.0/8, loopback").
 * "true" is refused: it would believe any client's X-Forwarded-For, and the login throttle and the
 * access log would take whatever address an attacker writes there.
 */
function readTrustProxy(read: EnvReader, problems: string[]): number | string[] | undefined {
  const raw = read.string('HTTP_TRUST_PROXY');
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^(true|yes|on|\*)$/i.test(raw)) {
    problems.push(
      `HTTP_TRUST_PROXY=${raw} would trust any client's X-Forwarded-For; give the number of proxies in front or their addresses`,
    );
    return undefined;
  }
  return read.list('HTTP_TRUST_PROXY');
}

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
  const migrationUrl = read.string('DATABASE_MIGRATION_URL');
  if (migrationUrl !== undefined && !/^postgres(ql)?:\/\/[^/]+/.test(migrationUrl)) {
    problems.push(`DATABASE_MIGRATION_URL must be a postgres:// URL, got '${maskUrl(migrationUrl)}'`);
  }
  if (migrationUrl !== undefined && databaseUrl === undefined)
    problems.push("DATABASE_MIGRATION_URL needs DATABASE_URL (the service's own, less privileged role)");
  const database: DatabaseConfig = databaseUrl
    ? { mode: 'postgres', url: databaseUrl, ...(migrationUrl ? { migrationUrl } : {}) }
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
    for (const url of rpc ?? [])
      if (!/^https?:\/\/[^/]+/.test(url)) problems.push(`COMETBFT_RPC has '${url}', expected http(s)://host:port`);
    if (!genesisPath) problems.push('LEDGER=cometbft needs COMETBFT_GENESIS (path to the published genesis.json)');
    ledger = { kind: 'cometbft', rpc: rpc ?? [], genesisPath: path.resolve(genesisPath ?? '') };
  }

  const auth = readAuth(read, problems, dataDir);
  // The default link target is this server's own mobile page (HTTP_* are validated below).
  const alerts = readAlerts(
    read,
    problems,
    dataDir,
    `http://${env.HTTP_HOST?.trim() || '127.0.0.1'}:${env.HTTP_PORT?.trim() || '3000'}/m`,
  );

  const config: AppConfig = {
    role: read.oneOf('ROLE', ROLES) ?? 'all',
    http: {
      host: read.string('HTTP_HOST') ?? '127.0.0.1',
      port: read.int('HTTP_PORT', 0, 65535) ?? 3000,
      trustProxy: readTrustProxy(read, problems),
    },
    database,
    migrateOnStart: read.bool('MIGRATE_ON_START') ?? database.mode === 'pglite',
    kafka: brokers
      ? {
          brokers,
          clientId: read.string('KAFKA_CLIENT_ID') ?? 'risk-surveillance',
          groupPrefix: read.string('KAFKA_GROUP_PREFIX') ?? 'risk',
          topicPrefix: read.string('KAFKA_TOPIC_PREFIX') ?? '',
          sessionTimeoutMs: read.int('KAFKA_SESSION_TIMEOUT_MS', 6_000, 300_000) ?? 30_000,
          fetchPartitionBytes: read.int('KAFKA_FETCH_PARTITION_BYTES', 65_536, 64 * 1024 * 1024) ?? 4 * 1024 * 1024,
        }
      : null,
    ledger,
    dataDir,
    log: {
      format: read.oneOf('LOG_FORMAT', ['json', 'text'] as const) ?? 'json',
      level: read.oneOf('LOG_LEVEL', LOG_LEVELS) ?? 'log',
    },
    demoData: read.bool('DEMO_DATA') ?? database.mode === 'pglite',
    anchorIntervalMs: read.int('ANCHOR_INTERVAL_MS', 200, 3_600_000) ?? 1000,
    evidence: {
      signingKey: read.hexKey('REGULATOR_SIGNING_KEY', 32),
      origin:
        read.matching(
          'EVIDENCE_LOG_ORIGIN',
          /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/,
          'letters, digits and . _ / - (it is part of the chain key)',
        ) ?? 'risk-bureau.local/evidence',
      tamperCheckIntervalMs: read.int('TAMPER_CHECK_INTERVAL_MS', 1000, 86_400_000) ?? 60_000,
    },
    ingest: {
      idHashKey: read.hexKey('ID_HASH_KEY', 32),
      maxBodyBytes: read.int('INGEST_MAX_BODY_BYTES', 1024, 1024 ** 3) ?? 64 * 1024 * 1024,
      maxItemsPerRequest: read.int('INGEST_MAX_ITEMS', 1, 1_000_000) ?? 50_000,
      rateLimitPerSecond: read.int('INGEST_RATE_LIMIT', 1, 100_000) ?? 20,
      kafkaTransactionRecords: read.int('INGEST_KAFKA_TRANSACTION_RECORDS', 1, 100_000) ?? 5000,
    },
    auth,
    alerts,
    scoring: {
      pollIntervalMs: read.int('SCORING_POLL_INTERVAL_MS', 50, 600_000) ?? 250,
      fullRescoreIntervalMs: read.int('SCORING_FULL_RESCORE_INTERVAL_MS', 1000, 7 * 86_400_000) ?? 3_600_000,
      modelDir: optionalPath(read.string('SCORING_MODEL_DIR')),
      packsDir: optionalPath(read.string('SCORING_RULE_PACKS_DIR')),
      batchSize: read.int('SCORING_BATCH_SIZE', 1, 100_000) ?? 2000,
    },
    changeFeed: readChangeFeedConfig(read),
    cage: readCageConfig(read),
  };
  if (config.migrateOnStart && database.mode === 'postgres' && migrationUrl !== undefined) {
    problems.push(
      "MIGRATE_ON_START cannot apply migrations with DATABASE_MIGRATION_URL set: the service's role may not change the schema; run the migrate command",
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function readAuth(read: EnvReader, problems: string[], dataDir: string): AuthConfig {
  const issuer = read.string('AUTH_TOKEN_ISSUER') ?? 'risk-surveillance';
  const audience = read.string('AUTH_TOKEN_AUDIENCE') ?? 'risk-surveillance-api';
  // Never echo the key itself in a problem: it is a secret.
  const rawKey = read.string('AUTH_SIGNING_KEY');
  let signingKey: SigningKeySource = { kind: 'file', path: path.join(dataDir, 'staff-token-key.json') };
  if (rawKey !== undefined) {
    if (/^[0-9a-fA-F]{64}$/.test(rawKey)) signingKey = { kind: 'seed', seedHex: rawKey.toLowerCase() };
    // Environment files often carry a PEM on one line with literal \n.
    else if (/^-----BEGIN PRIVATE KEY-----/.test(rawKey))
      signingKey = { kind: 'pem', pem: rawKey.replace(/\\n/g, '\n') };
    else
      problems.push(
        'AUTH_SIGNING_KEY must be a PKCS8 PEM (-----BEGIN PRIVATE KEY-----) of an Ed25519 key or a 32-byte seed as 64 hex digits',
      );
  }
  const oidcIssuer = read.string('AUTH_OIDC_ISSUER');
  const oidcJwks = read.string('AUTH_OIDC_JWKS_URL');
  let oidc: OidcConfig | null = null;
  if (oidcIssuer !== undefined || oidcJwks !== undefined) {
    if (!oidcIssuer) problems.push('AUTH_OIDC_JWKS_URL needs AUTH_OIDC_ISSUER (the exact iss of the external tokens)');
    if (!oidcJwks) problems.push("AUTH_OIDC_ISSUER needs AUTH_OIDC_JWKS_URL (the issuer's JWKS endpoint)");
    else if (!/^https?:\/\/[^/]+/.test(oidcJwks))
      problems.push(`AUTH_OIDC_JWKS_URL must be an http(s):// URL, got '${oidcJwks}'`);
    if (oidcIssuer && oidcIssuer === issuer)
      problems.push(`AUTH_OIDC_ISSUER must differ from AUTH_TOKEN_ISSUER ('${issuer}')`);
    oidc = {
      issuer: oidcIssuer ?? '',
      jwksUrl: oidcJwks ?? '',
      audience: read.string('AUTH_OIDC_AUDIENCE') ?? audience,
      roleClaim: read.string('AUTH_OIDC_ROLE_CLAIM') ?? 'role',
      regionClaim: read.string('AUTH_OIDC_REGION_CLAIM') ?? 'region',
    };
  }
  return {
    issuer,
    audience,
    tokenTtlSeconds: read.int('AUTH_TOKEN_TTL_SECONDS', 60, 86_400) ?? 900,
    signingKey,
    passwordLogin: read.bool('AUTH_PASSWORD_LOGIN') ?? true,
    oidc,
    lockout: {
      maxFailures: read.int('AUTH_LOCKOUT_MAX_FAILURES', 1, 100) ?? 5,
      durationSeconds: read.int('AUTH_LOCKOUT_SECONDS', 1, 86_400) ?? 900,
    },
    loginFailuresPerMinute: read.int('AUTH_LOGIN_RATE_LIMIT', 1, 10_000) ?? 10,
  };
}

function readAlerts(read: EnvReader, problems: string[], dataDir: string, defaultMobileUrl: string): AlertsConfig {
  const mobileBaseUrl = read.string('ALERTS_MOBILE_BASE_URL') ?? defaultMobileUrl;
  if (!/^https?:\/\/[^/]+/.test(mobileBaseUrl))
    problems.push(`ALERTS_MOBILE_BASE_URL must be an http(s):// URL, got '${mobileBaseUrl}'`);
  // Never echo an SMS secret or the VAPID private key in a problem: they are secrets.
  const sms = readSmsConfig(read, problems);
  const vapidPublic = read.string('ALERTS_VAPID_PUBLIC_KEY');
  const vapidPrivate = read.string('ALERTS_VAPID_PRIVATE_KEY');
  let vapid: AlertsConfig['vapid'] = { kind: 'file', path: path.join(dataDir, 'alerts-vapid-keys.json') };
  if (vapidPublic !== undefined || vapidPrivate !== undefined) {
    if (vapidPublic === undefined || !/^[A-Za-z0-9_-]{87}$/.test(vapidPublic))
      problems.push(
        'ALERTS_VAPID_PUBLIC_KEY must be a P-256 public key, 65 bytes in URL-safe base64 (87 characters), as web-push generate-vapid-keys prints it',
      );
    if (vapidPrivate === undefined || !/^[A-Za-z0-9_-]{43}$/.test(vapidPrivate))
      problems.push(
        'ALERTS_VAPID_PRIVATE_KEY must be a P-256 private key, 32 bytes in URL-safe base64 (43 characters)',
      );
    vapid = { kind: 'keys', publicKey: vapidPublic ?? '', privateKey: vapidPrivate ?? '' };
  }
  const vapidSubject = read.string('ALERTS_VAPID_SUBJECT') ?? 'mailto:alerts@localhost';
  if (!/^(mailto:|https:\/\/)/.test(vapidSubject))
    problems.push(`ALERTS_VAPID_SUBJECT must be a mailto: or https:// contact, got '${vapidSubject}'`);
  const bureauRegionCode = read.string('ALERTS_BUREAU_REGION') ?? '330100';
  if (!/^\d{4}00$/.test(bureauRegionCode) || bureauRegionCode.endsWith('0000'))
    problems.push(
      `ALERTS_BUREAU_REGION must be a GB/T 2260 city code (6 digits ending in 00), got '${bureauRegionCode}'`,
    );
  return {
    mobileBaseUrl,
    robots: read.bool('ALERTS_ROBOTS') ?? true,
    sms,
    vapid,
    vapidSubject,
    retry: {
      maxAttempts: read.int('ALERTS_MAX_ATTEMPTS', 1, 20) ?? 4,
      baseDelayMs: read.int('ALERTS_RETRY_BASE_MS', 1, 600_000) ?? 1000,
      maxDelayMs: read.int('ALERTS_RETRY_MAX_MS', 1, 3_600_000) ?? 30_000,
      attemptTimeoutMs: read.int('ALERTS_ATTEMPT_TIMEOUT_MS', 100, 300_000) ?? 10_000,
    },
    escalationIntervalMs: read.int('ALERTS_ESCALATION_INTERVAL_MS', 50, 3_600_000) ?? 30_000,
    bureauRegionCode,
    destinations: readDestinations(read, problems),
  };
}

/** ALERTS_ROBOT_HOSTS, ALERTS_PUSH_HOSTS: host names or *.suffix; ALERTS_TEST_ORIGINS: http loopback origins only. */
function readDestinations(read: EnvReader, problems: string[]): AlertDestinations {
  const hostList = (key: string, fallback: string[]): string[] => {
    const hosts = read.list(key) ?? fallback;
    for (const host of hosts)
      if (!/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(host))
        problems.push(`${key} has '${host}', expected a host name such as qyapi.weixin.qq.com or *.example.gov.cn`);
    return hosts.map((h) => h.toLowerCase());
  };
  const testOrigins = read.list('ALERTS_TEST_ORIGINS') ?? [];
  for (const origin of testOrigins) {
    if (!TEST_ORIGIN_PATTERN.test(origin))
      problems.push(
        `ALERTS_TEST_ORIGINS has '${origin}', expected a loopback origin for local test receivers such as http://127.0.0.1 or http://127.0.0.1:8080`,
      );
  }
  return {
    robotHosts: hostList('ALERTS_ROBOT_HOSTS', DEFAULT_ROBOT_HOSTS),
    pushHosts: hostList('ALERTS_PUSH_HOSTS', DEFAULT_PUSH_HOSTS),
    testOrigins: testOrigins.filter((o) => TEST_ORIGIN_PATTERN.test(o)),
  };
}

/** The alliance chain application beside a validator (ROLE=ledger-app): no database, no Kafka. */
export interface LedgerAppConfig {
  /** where CometBFT's proxy_app connects: tcp://127.0.0.x:26658 */
  listen: { host: string; port: number };
  /** its LevelDB state lives in <home>/ledger-state */
  home: string;
  log: { format: 'json' | 'text'; level: LogLevel };
}

/** The ledger-app role is asked for by `main.js ledger-app` or ROLE=ledger-app. */
export function isLedgerAppRole(command: string | undefined, environment: Env = process.env): boolean {
  return command === 'ledger-app' || (command === undefined && environment.ROLE?.trim() === 'ledger-app');
}

export function loadLedgerAppConfig(environment: Env = process.env): LedgerAppConfig {
  const problems: string[] = [];
  const read = new EnvReader(environment, problems);
  const listen = read.string('LEDGER_APP_LISTEN') ?? 'tcp://127.0.0.1:26658';
  const match = /^tcp:\/\/([^:/]+):(\d{1,5})$/.exec(listen);
  if (!match || Number(match[2]) > 65535) problems.push(`LEDGER_APP_LISTEN must be tcp://host:port, got '${listen}'`);
  const home = read.string('LEDGER_APP_HOME');
  if (!home) problems.push("LEDGER_APP_HOME is required: the directory of this validator's ledger state");
  const config: LedgerAppConfig = {
    listen: { host: match?.[1] ?? '127.0.0.1', port: Number(match?.[2] ?? 26658) },
    home: path.resolve(home ?? '.'),
    log: {
      format: read.oneOf('LOG_FORMAT', ['json', 'text'] as const) ?? 'json',
      level: read.oneOf('LOG_LEVEL', LOG_LEVELS) ?? 'log',
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function optionalPath(value: string | undefined): string | undefined {
  return value === undefined ? undefined : path.resolve(value);
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
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
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

  /** A string that must match a pattern; `what` says in words what is allowed. */
  matching(key: string, pattern: RegExp, what: string): string | undefined {
    const raw = this.string(key);
    if (raw !== undefined && !pattern.test(raw)) {
      this.problems.push(`${key} may only contain ${what}, got '${raw}'`);
      return undefined;
    }
    return raw;
  }

  /** A secret given as hex of at least minBytes bytes. */
  hexKey(key: string, minBytes: number): Buffer | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    if (!/^([0-9a-fA-F]{2})+$/.test(raw) || raw.length < minBytes * 2) {
      this.problems.push(`${key} must be hex of at least ${minBytes} bytes (${minBytes * 2} hex digits)`);
      return undefined;
    }
    return Buffer.from(raw, 'hex');
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
