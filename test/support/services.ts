// Where the real services started by scripts/services.sh are. `npm test` exports these.
export interface TestServices {
  databaseUrl: string;
  kafkaBrokers: string[];
  cometbftRpc: string[];
  cometbftGenesis: string;
}

export function testServices(): TestServices {
  const missing = ['DATABASE_URL', 'KAFKA_BROKERS', 'COMETBFT_RPC', 'COMETBFT_GENESIS'].filter((k) => !process.env[k]);
  if (missing.length) {
    throw new Error(
      `integration tests need ${missing.join(', ')}: run them with \`npm test\`, which starts the services (scripts/services.sh up)`,
    );
  }
  return {
    databaseUrl: process.env.DATABASE_URL!,
    kafkaBrokers: process.env.KAFKA_BROKERS!.split(','),
    cometbftRpc: process.env.COMETBFT_RPC!.split(','),
    cometbftGenesis: process.env.COMETBFT_GENESIS!,
  };
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
