import { ConfigError, loadConfig } from './config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('should run on the embedded default when nothing is configured', () => {
    const config = loadConfig({});
    expect(config.database.mode).toBe('pglite');
    expect(config.kafka).toBeNull();
    expect(config.ledger).toEqual({ kind: 'local' });
    expect(config.migrateOnStart).toBe(true);
    expect(config.demoData).toBe(true);
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000 });
  });

  it('should use PostgreSQL, Kafka and CometBFT when they are configured', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/risk',
      KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094',
      COMETBFT_RPC: 'http://127.0.0.1:26657,http://127.0.0.2:26657',
      COMETBFT_GENESIS: '/tmp/genesis.json',
    });
    expect(config.database).toEqual({ mode: 'postgres', url: 'postgres://u:p@127.0.0.1:5432/risk' });
    expect(config.kafka?.brokers).toEqual(['127.0.0.1:9092', '127.0.0.1:9094']);
    expect(config.ledger).toMatchObject({
      kind: 'cometbft',
      rpc: ['http://127.0.0.1:26657', 'http://127.0.0.2:26657'],
    });
    expect(config.migrateOnStart).toBe(false);
    expect(config.demoData).toBe(false);
  });

  it('should tune the Kafka consumers: session timeout and fetch size, within bounds', () => {
    const brokers = { KAFKA_BROKERS: '127.0.0.1:9092' };
    expect(loadConfig(brokers).kafka).toMatchObject({ sessionTimeoutMs: 30_000, fetchPartitionBytes: 4 * 1024 * 1024 });
    expect(
      loadConfig({ ...brokers, KAFKA_SESSION_TIMEOUT_MS: '10000', KAFKA_FETCH_PARTITION_BYTES: '1048576' }).kafka,
    ).toMatchObject({ sessionTimeoutMs: 10_000, fetchPartitionBytes: 1_048_576 });
    // Below Kafka's own minimum session timeout, a group could never keep a member.
    expect(problemsOf({ ...brokers, KAFKA_SESSION_TIMEOUT_MS: '500' }).join('\n')).toMatch(/KAFKA_SESSION_TIMEOUT_MS/);
  });

  it("should take the tables' owner for migrations apart from the service's own role", () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://risk_app:p@db/risk',
      DATABASE_MIGRATION_URL: 'postgres://risk_owner:q@db/risk',
    });
    expect(config.database).toEqual({
      mode: 'postgres',
      url: 'postgres://risk_app:p@db/risk',
      migrationUrl: 'postgres://risk_owner:q@db/risk',
    });
    expect(
      problemsOf({
        DATABASE_URL: 'postgres://a:p@db/risk',
        DATABASE_MIGRATION_URL: 'postgres://o:q@db/risk',
        MIGRATE_ON_START: 'true',
      }),
    ).toEqual([
      "MIGRATE_ON_START cannot apply migrations with DATABASE_MIGRATION_URL set: the service's role may not change the schema; run the migrate command",
    ]);
    expect(problemsOf({ DATABASE_MIGRATION_URL: 'mysql://o:secret@db/x' })).toEqual([
      "DATABASE_MIGRATION_URL must be a postgres:// URL, got 'mysql://o:****@db/x'",
      "DATABASE_MIGRATION_URL needs DATABASE_URL (the service's own, less privileged role)",
    ]);
  });

  it('should say a variable is set but empty when it is blank', () => {
    expect(problemsOf({ KAFKA_BROKERS: '' })).toEqual(['KAFKA_BROKERS is set but empty']);
    expect(problemsOf({ DATABASE_URL: '  ' })).toEqual(['DATABASE_URL is set but empty']);
  });

  it('should list every bad key at once', () => {
    expect(
      problemsOf({
        ROLE: 'miner',
        HTTP_PORT: 'eighty',
        KAFKA_BROKERS: '127.0.0.1',
        LEDGER: 'cometbft',
        LOG_FORMAT: 'xml',
      }),
    ).toEqual([
      "KAFKA_BROKERS has '127.0.0.1', expected host:port",
      'LEDGER=cometbft needs COMETBFT_RPC (comma-separated validator RPC URLs)',
      'LEDGER=cometbft needs COMETBFT_GENESIS (path to the published genesis.json)',
      "ROLE must be one of api, ingest, scoring, alerts, anchor, all, got 'miner'",
      "HTTP_PORT must be a whole number from 0 to 65535, got 'eighty'",
      "LOG_FORMAT must be one of json, text, got 'xml'",
    ]);
  });

  it('should never echo a database password in an error', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://admin:s3cret@db/risk' });
    expect(problem).toBe("DATABASE_URL must be a postgres:// URL, got 'mysql://admin:****@db/risk'");
  });

  it('should reject a boolean that is not true or false', () => {
    expect(problemsOf({ DEMO_DATA: 'maybe' })).toEqual(["DEMO_DATA must be true or false, got 'maybe'"]);
  });

  it('should trust a proxy only by hop count or address, never every X-Forwarded-For', () => {
    expect(loadConfig({}).http.trustProxy).toBeUndefined();
    expect(loadConfig({ HTTP_TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ HTTP_TRUST_PROXY: '10.0.0.0/8, loopback' }).http.trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
    ]);
    expect(problemsOf({ HTTP_TRUST_PROXY: 'true' })).toEqual([
      "HTTP_TRUST_PROXY=true would trust any client's X-Forwarded-For; give the number of proxies in front or their addresses",
    ]);
  });

  it('should sign staff tokens with a key kept in the data folder when no key is configured', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/risk-data' });
    expect(config.auth).toEqual({
      issuer: 'risk-surveillance',
      audience: 'risk-surveillance-api',
      tokenTtlSeconds: 900,
      signingKey: { kind: 'file', path: '/tmp/risk-data/staff-token-key.json' },
      passwordLogin: true,
      oidc: null,
      lockout: { maxFailures: 5, durationSeconds: 900 },
      loginFailuresPerMinute: 10,
    });
  });

  it('should accept a signing seed, a one-line PEM and an external OIDC issuer', () => {
    const seed = 'AB'.repeat(32);
    expect(loadConfig({ AUTH_SIGNING_KEY: seed }).auth.signingKey).toEqual({
      kind: 'seed',
      seedHex: seed.toLowerCase(),
    });
    const pem = loadConfig({ AUTH_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\\nMC4CAQ\\n-----END PRIVATE KEY-----' })
      .auth.signingKey;
    expect(pem).toEqual({ kind: 'pem', pem: '-----BEGIN PRIVATE KEY-----\nMC4CAQ\n-----END PRIVATE KEY-----' });
    const config = loadConfig({
      AUTH_OIDC_ISSUER: 'https://sso.example.gov.cn/realms/jr',
      AUTH_OIDC_JWKS_URL: 'https://sso.example.gov.cn/certs',
      AUTH_OIDC_ROLE_CLAIM: 'staff_role',
    });
    expect(config.auth.oidc).toEqual({
      issuer: 'https://sso.example.gov.cn/realms/jr',
      jwksUrl: 'https://sso.example.gov.cn/certs',
      audience: 'risk-surveillance-api',
      roleClaim: 'staff_role',
      regionClaim: 'region',
    });
  });

  it('should list every bad auth key without echoing the signing key', () => {
    expect(
      problemsOf({
        AUTH_SIGNING_KEY: 'hunter2',
        AUTH_OIDC_JWKS_URL: 'ftp://sso/certs',
        AUTH_TOKEN_TTL_SECONDS: '5',
        AUTH_LOCKOUT_MAX_FAILURES: '0',
      }),
    ).toEqual([
      'AUTH_SIGNING_KEY must be a PKCS8 PEM (-----BEGIN PRIVATE KEY-----) of an Ed25519 key or a 32-byte seed as 64 hex digits',
      'AUTH_OIDC_JWKS_URL needs AUTH_OIDC_ISSUER (the exact iss of the external tokens)',
      "AUTH_OIDC_JWKS_URL must be an http(s):// URL, got 'ftp://sso/certs'",
      "AUTH_TOKEN_TTL_SECONDS must be a whole number from 60 to 86400, got '5'",
      "AUTH_LOCKOUT_MAX_FAILURES must be a whole number from 1 to 100, got '0'",
    ]);
  });
  it('should send alerts over the log and Web Push with a generated VAPID key when no channel is configured', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/risk-data', HTTP_PORT: '8080' });
    expect(config.alerts).toEqual({
      mobileBaseUrl: 'http://127.0.0.1:8080/m',
      robots: true,
      sms: null,
      vapid: { kind: 'file', path: '/tmp/risk-data/alerts-vapid-keys.json' },
      vapidSubject: 'mailto:alerts@localhost',
      retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30000, attemptTimeoutMs: 10000 },
      escalationIntervalMs: 30000,
      bureauRegionCode: '330100',
      destinations: {
        robotHosts: ['qyapi.weixin.qq.com', 'oapi.dingtalk.com'],
        pushHosts: [
          'fcm.googleapis.com',
          'updates.push.services.mozilla.com',
          'web.push.apple.com',
          '*.push.apple.com',
          '*.notify.windows.com',
        ],
        testOrigins: [],
      },
    });
  });

  it('should take alert destination allow-lists, and test origins only on loopback over http', () => {
    expect(
      loadConfig({
        ALERTS_ROBOT_HOSTS: 'robot.zj.gov.cn, *.im.example.gov.cn',
        ALERTS_TEST_ORIGINS: 'http://127.0.0.1, http://localhost:8080',
      }).alerts.destinations,
    ).toEqual({
      robotHosts: ['robot.zj.gov.cn', '*.im.example.gov.cn'],
      pushHosts: expect.arrayContaining(['fcm.googleapis.com']),
      testOrigins: ['http://127.0.0.1', 'http://localhost:8080'],
    });
    expect(
      problemsOf({
        ALERTS_PUSH_HOSTS: 'https://fcm.googleapis.com',
        ALERTS_TEST_ORIGINS: 'http://10.0.0.5,https://127.0.0.1',
      }),
    ).toEqual([
      "ALERTS_TEST_ORIGINS has 'http://10.0.0.5', expected a loopback origin for local test receivers such as http://127.0.0.1 or http://127.0.0.1:8080",
      "ALERTS_TEST_ORIGINS has 'https://127.0.0.1', expected a loopback origin for local test receivers such as http://127.0.0.1 or http://127.0.0.1:8080",
      "ALERTS_PUSH_HOSTS has 'https://fcm.googleapis.com', expected a host name such as qyapi.weixin.qq.com or *.example.gov.cn",
    ]);
  });

  it('should list every bad alerts key without echoing the SMS API key or the VAPID private key', () => {
    expect(
      problemsOf({
        ALERTS_SMS_API_KEY: 'sms-secret',
        ALERTS_VAPID_PRIVATE_KEY: 'vapid-secret',
        ALERTS_VAPID_SUBJECT: 'ops@bureau',
        ALERTS_ESCALATION_INTERVAL_MS: '5',
        ALERTS_BUREAU_REGION: '330106',
      }),
    ).toEqual([
      "ALERTS_SMS_API_KEY or ALERTS_SMS_TEMPLATE_ID needs ALERTS_SMS_URL (the gateway's send endpoint)",
      'ALERTS_SMS_URL needs ALERTS_SMS_TEMPLATE_ID (the approved 短信模板 id)',
      'ALERTS_VAPID_PUBLIC_KEY must be a P-256 public key, 65 bytes in URL-safe base64 (87 characters), as web-push generate-vapid-keys prints it',
      'ALERTS_VAPID_PRIVATE_KEY must be a P-256 private key, 32 bytes in URL-safe base64 (43 characters)',
      "ALERTS_VAPID_SUBJECT must be a mailto: or https:// contact, got 'ops@bureau'",
      "ALERTS_BUREAU_REGION must be a GB/T 2260 city code (6 digits ending in 00), got '330106'",
      "ALERTS_ESCALATION_INTERVAL_MS must be a whole number from 50 to 3600000, got '5'",
    ]);
  });

  it('should poll for new records every second and re-score every firm hourly by default', () => {
    expect(loadConfig({}).scoring).toEqual({
      pollIntervalMs: 250,
      fullRescoreIntervalMs: 3_600_000,
      modelDir: undefined,
      packsDir: undefined,
      batchSize: 2000,
    });
    const config = loadConfig({
      SCORING_POLL_INTERVAL_MS: '2000',
      SCORING_FULL_RESCORE_INTERVAL_MS: '600000',
      SCORING_MODEL_DIR: '/srv/models',
      SCORING_BATCH_SIZE: '500',
    });
    expect(config.scoring).toEqual({
      pollIntervalMs: 2000,
      fullRescoreIntervalMs: 600_000,
      modelDir: '/srv/models',
      packsDir: undefined,
      batchSize: 500,
    });
    expect(problemsOf({ SCORING_POLL_INTERVAL_MS: '0', SCORING_FULL_RESCORE_INTERVAL_MS: 'hourly' })).toEqual([
      "SCORING_POLL_INTERVAL_MS must be a whole number from 50 to 600000, got '0'",
      "SCORING_FULL_RESCORE_INTERVAL_MS must be a whole number from 1000 to 604800000, got 'hourly'",
    ]);
  });
});
