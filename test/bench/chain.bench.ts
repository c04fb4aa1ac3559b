// The alliance chain application: CheckTx and FinalizeBlock (+ Commit) cost per checkpoint, driven
// in-process on a LevelDB of its own, then anchored checkpoints per second through the real
// 4-validator network (scripts/services.sh). Bounded: 2,000 checkpoints in-process, 20 s on the chain.
import { ed25519 } from '@noble/curves/ed25519';
import { RequestInitChain } from 'cosmjs-types/tendermint/abci/types';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { nodeSha256 } from '../../src/evidence-chain/canonical/sha256-node';
import { treeHasher } from '../../src/evidence-chain/canonical/tree-hasher';
import { CometRpcClient } from '../../src/evidence-chain/chain/cometbft-rpc';
import { signCheckpoint } from '../../src/evidence-chain/checkpoint/checkpoint-signature';
import { checkpointId, SignedCheckpoint } from '../../src/evidence-chain/checkpoint/checkpoint';
import { encodeCheckpointTx } from '../../src/evidence-chain/checkpoint/checkpoint-tx';
import { LedgerApp } from '../../src/evidence-chain/ledger-app/ledger-app';
import { LedgerStore } from '../../src/evidence-chain/ledger-app/ledger-store';
import { MerkleLog } from '../../src/evidence-chain/merkle/merkle-log';
import { percentile, serviceEnv } from './support';

const hasher = treeHasher(nodeSha256);
const CHECKPOINTS = 2000;
const LEAVES_PER_CHECKPOINT = 10;
const CHAIN_SECONDS = 20;

/** Signed checkpoint txs of a growing log, each with its proof from the one before. */
function checkpointTxs(count: number, secret: Uint8Array, origin: string): Uint8Array[] {
  const log = new MerkleLog(hasher);
  const txs: Uint8Array[] = [];
  let previous: SignedCheckpoint | null = null;
  for (let i = 0; i < count; i++) {
    const from = log.size;
    for (let j = 0; j < LEAVES_PER_CHECKPOINT; j++) log.append(hasher.leaf(randomBytes(32)));
    const signed = signCheckpoint(
      {
        origin,
        treeSize: log.size,
        rootHash: toHex(log.root()),
        previous: previous && checkpointId(previous, nodeSha256),
        issuedAt: new Date().toISOString(),
      },
      secret,
    );
    txs.push(encodeCheckpointTx(signed, { fromSize: from, proof: log.consistencyProof(from) }));
    previous = signed;
  }
  return txs;
}

function timed<T>(fn: () => T): { wallUs: number; cpuUs: number; result: T } {
  const cpu = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const result = fn();
  const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  return { wallUs, cpuUs: used.user + used.system, result };
}

async function inProcess(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chain-bench-'));
  const store = await LedgerStore.open(dir);
  const app = new LedgerApp(store);
  const regulator = ed25519.utils.randomPrivateKey();
  const validator = ed25519.utils.randomPrivateKey();
  const origin = 'bench.local/evidence';
  app.initChain(
    RequestInitChain.fromPartial({
      chainId: 'bench',
      validators: [{ pubKey: { ed25519: ed25519.getPublicKey(validator) }, power: 1n }],
      appStateBytes: new TextEncoder().encode(
        JSON.stringify({
          members: [
            {
              id: 'bureau',
              role: 'bureau',
              operatorKey: toHex(ed25519.getPublicKey(regulator)),
              validatorKey: toHex(ed25519.getPublicKey(validator)),
              power: 1,
            },
          ],
          regulators: { [origin]: [toHex(ed25519.getPublicKey(regulator))] },
        }),
      ),
    }),
  );
  console.log(`signing ${CHECKPOINTS.toLocaleString('en')} checkpoints (${LEAVES_PER_CHECKPOINT} leaves each)...`);
  const txs = checkpointTxs(CHECKPOINTS, regulator, origin);

  const check = txs.map((tx) => timed(() => app.checkTx({ tx, type: 0 } as never)));
  if (check.some((c) => c.result.code !== 0))
    throw new Error(`CheckTx refused: ${check.find((c) => c.result.code !== 0)!.result.log}`);
  report('CheckTx', check);

  const finalize: Array<{ wallUs: number; cpuUs: number }> = [];
  const commit: number[] = [];
  for (let i = 0; i < txs.length; i++) {
    const f = timed(() => app.finalizeBlock({ txs: [txs[i]], height: BigInt(i + 1) } as never));
    if (f.result.txResults[0].code !== 0) throw new Error(`FinalizeBlock refused: ${f.result.txResults[0].log}`);
    finalize.push(f);
    const t0 = performance.now();
    await app.commit();
    commit.push((performance.now() - t0) * 1000);
  }
  report('FinalizeBlock (1 checkpoint a block)', finalize);
  const sorted = [...commit].sort((a, b) => a - b);
  console.log(
    `  Commit (fsync'd LevelDB batch): median ${Math.round(percentile(sorted, 50))} µs, p99 ${Math.round(percentile(sorted, 99))} µs`,
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

function report(what: string, samples: Array<{ wallUs: number; cpuUs: number }>): void {
  const wall = samples.map((s) => s.wallUs).sort((a, b) => a - b);
  const cpu = samples.reduce((t, s) => t + s.cpuUs, 0) / samples.length;
  console.log(
    `  ${what}: median ${Math.round(percentile(wall, 50))} µs, p99 ${Math.round(percentile(wall, 99))} µs wall; ${Math.round(cpu)} µs CPU per checkpoint (mean)`,
  );
}

/** Pipelined anchoring through the real network: each tx chained on the one before (mempool state). */
async function throughNetwork(): Promise<void> {
  const env = serviceEnv();
  if (!env.COMETBFT_RPC || !env.COMETBFT_REGULATOR_KEY) {
    console.log('  (skipped: needs COMETBFT_RPC and COMETBFT_REGULATOR_KEY from `scripts/services.sh env`)');
    return;
  }
  const rpc = new CometRpcClient(env.COMETBFT_RPC.split(','));
  const origin = `bench-${randomBytes(4).toString('hex')}.local/evidence`;
  const txs = checkpointTxs(CHAIN_SECONDS * 150, Buffer.from(env.COMETBFT_REGULATOR_KEY, 'hex'), origin);
  const latest = async () => {
    const r = await rpc.abciQuery('/checkpoint/latest', new TextEncoder().encode(origin));
    return r.code === 0
      ? (JSON.parse(new TextDecoder().decode(r.value)) as { signed: { checkpoint: { treeSize: number } } }).signed
          .checkpoint.treeSize / LEAVES_PER_CHECKPOINT
      : 0;
  };
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < CHAIN_SECONDS * 1000 && sent < txs.length) {
    const result = await rpc.broadcastTxSync(txs[sent]);
    if (result.code !== 0) throw new Error(`checkpoint ${sent} refused: ${result.log}`);
    sent++;
    // Keep the mempool at most ~200 ahead of the chain, as a busy anchor role would be.
    if (sent % 50 === 0) while (sent - (await latest()) > 200) await new Promise((r) => setTimeout(r, 50));
  }
  while ((await latest()) < sent && performance.now() - started < (CHAIN_SECONDS + 30) * 1000)
    await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - started) / 1000;
  const anchored = await latest();
  console.log(
    `  ${anchored} of ${sent} checkpoints anchored through ${rpc.endpoints.length} validators in ${seconds.toFixed(1)} s: ${(anchored / seconds).toFixed(1)} checkpoints/s`,
  );
}

export async function run(): Promise<void> {
  console.log('in-process (one app, its own LevelDB):');
  await inProcess();
  console.log('through the network:');
  await throughNetwork();
}
