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
    expect(config.ledger).toMatchObject({ kind: 'cometbft', rpc: ['http://127.0.0.1:26657', 'http://127.0.0.2:26657'] });
    expect(config.migrateOnStart).toBe(false);
    expect(config.demoData).toBe(false);
  });

  it('should say a variable is set but empty when it is blank', () => {
    expect(problemsOf({ KAFKA_BROKERS: '' })).toEqual(['KAFKA_BROKERS is set but empty']);
    expect(problemsOf({ DATABASE_URL: '  ' })).toEqual(['DATABASE_URL is set but empty']);
  });

  it('should list every bad key at once', () => {
    expect(
      problemsOf({ ROLE: 'miner', HTTP_PORT: 'eighty', KAFKA_BROKERS: '127.0.0.1', LEDGER: 'cometbft', LOG_FORMAT: 'xml' }),
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
});
