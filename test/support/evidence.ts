import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519';
import { DataSource } from 'typeorm';
import { canonicalBytes } from '../../src/evidence-chain/canonical/canonical-json';
import { recordContentHash } from '../../src/evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../src/evidence-chain/canonical/sha256-node';
import { appendLeaves } from '../../src/evidence-chain/log/evidence-appender';
import { GenesisJson } from '../../src/evidence-chain/verifier/cometbft-json';
import { testServices } from './services';

/**
 * The regulator checkpoint key the chain's genesis trusts (`services.sh env` exports it as
 * COMETBFT_REGULATOR_KEY); a random one when the chain names none, as the old kvstore chain did.
 */
export function regulatorSecret(): Uint8Array {
  const hex = process.env.COMETBFT_REGULATOR_KEY;
  return hex ? Buffer.from(hex, 'hex') : randomBytes(32);
}

/** Environment of an app that anchors on the real 4-validator chain, under an origin of its own. */
export function chainEnv(databaseUrl: string): { env: Record<string, string>; regulatorPublicKey: Uint8Array } {
  const { cometbftRpc, cometbftGenesis } = testServices();
  const secret = Buffer.from(regulatorSecret());
  return {
    env: {
      DATABASE_URL: databaseUrl,
      COMETBFT_RPC: cometbftRpc.join(','),
      COMETBFT_GENESIS: cometbftGenesis,
      REGULATOR_SIGNING_KEY: secret.toString('hex'),
      EVIDENCE_LOG_ORIGIN: `test-${randomUUID().slice(0, 8)}.local/evidence`,
      ANCHOR_INTERVAL_MS: '300',
    },
    regulatorPublicKey: ed25519.getPublicKey(secret),
  };
}

export function genesis(): GenesisJson {
  return JSON.parse(readFileSync(testServices().cometbftGenesis, 'utf8'));
}

// Leaves of the log tests stand for records that are stored nowhere: a kind no service writes
// (the tamper scan counts such leaves as unverifiable and leaves them alone).
const TEST_KIND = 'test_record';

/** Appends `count` test records as leaves in one transaction; returns them with their canonical bytes. */
export async function appendTestLeaves(
  dataSource: DataSource,
  count: number,
  firmId: string | null,
  tag = randomUUID().slice(0, 8),
): Promise<Array<{ id: string; record: object; bytes: Uint8Array }>> {
  const records = Array.from({ length: count }, (_, i) => {
    const record = { tag, n: i, note: `测试记录 ${i}` };
    return { id: `${tag}-${i}`, record, bytes: canonicalBytes(record) };
  });
  await dataSource.transaction((manager) =>
    appendLeaves(
      manager,
      records.map((r) => ({
        kind: TEST_KIND,
        recordId: r.id,
        contentHash: recordContentHash(r.record, nodeSha256),
        firmId,
      })),
    ),
  );
  return records;
}
