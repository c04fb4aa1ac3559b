import { ed25519 } from '@noble/curves/ed25519';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBase64, fromHex, toHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { nodeSha256 } from '../../src/evidence-chain/canonical/sha256-node';
import { treeHasher } from '../../src/evidence-chain/canonical/tree-hasher';
import { CometRpcClient } from '../../src/evidence-chain/chain/cometbft-rpc';
import { signCheckpoint } from '../../src/evidence-chain/checkpoint/checkpoint-signature';
import { checkpointId, SignedCheckpoint } from '../../src/evidence-chain/checkpoint/checkpoint';
import { governanceTx, signProposal } from '../../src/evidence-chain/ledger-app/governance';
import { Proposal } from '../../src/evidence-chain/ledger-app/ledger-tx';
import { MerkleLog } from '../../src/evidence-chain/merkle/merkle-log';
import { regulatorSecret } from './evidence';
import { testServices } from './services';
import { waitFor } from './wait-for';

export const hasher = treeHasher(nodeSha256);

/** The local chain (scripts/services.sh): RPC clients, its members' operator keys, its chain id. */
export function ledgerChain() {
  const { cometbftRpc, cometbftGenesis } = testServices();
  const home = process.env.COMETBFT_HOME;
  if (!home || !process.env.COMETBFT_REGULATOR_KEY)
    throw new Error('ledger tests need COMETBFT_HOME and COMETBFT_REGULATOR_KEY from `scripts/services.sh env`');
  const genesis = JSON.parse(readFileSync(cometbftGenesis, 'utf8')) as { chain_id: string };
  const rpc = new CometRpcClient(cometbftRpc);
  const operator = (i: number) =>
    fromHex(
      (JSON.parse(readFileSync(join(home, 'keys', `node${i}.operator.json`), 'utf8')) as { secretKey: string })
        .secretKey,
    );
  return {
    rpc,
    urls: cometbftRpc,
    chainId: genesis.chain_id,
    /** governance tx for `proposal` signed by members node<i> for each i in `signers` */
    governance: (proposal: Proposal, signers: number[]) =>
      governanceTx(
        proposal,
        signers.map((i) => signProposal(genesis.chain_id, proposal, `node${i}`, operator(i))),
      ),
    async height(): Promise<number> {
      return (await rpc.status()).latestHeight;
    },
    /** address -> voting power, from /validators of validator 0 */
    async validators(height?: number): Promise<Record<string, string>> {
      const r = await rpc
        .only(cometbftRpc[0])
        .raw<{ validators: Array<{ address: string; voting_power: string }> }>(
          'validators',
          height ? { height: String(height) } : {},
        );
      return Object.fromEntries(r.validators.map((v) => [v.address, v.voting_power]));
    },
    /** broadcast, expect CheckTx to accept, wait until the app state shows `committed` */
    async commit(tx: Uint8Array, committed: () => Promise<boolean>): Promise<void> {
      const result = await rpc.broadcastTxSync(tx);
      if (result.code !== 0) throw new Error(`tx refused: ${result.code} ${result.log}`);
      await waitFor('the tx to be committed', async () => (await committed()) || undefined, 20_000, 200);
    },
    async query(
      path: string,
      data = '',
    ): Promise<{ code: number; value: string; proofData: string | null; height: number }> {
      const r = await rpc.abciQuery(path, new TextEncoder().encode(data));
      return { code: r.code, value: new TextDecoder().decode(r.value), proofData: r.proofData, height: r.height };
    },
  };
}

/** CheckTx on every validator refuses `tx` with `code`, saying why. */
export async function refusedByEvery(
  chain: ReturnType<typeof ledgerChain>,
  tx: Uint8Array,
  code: number,
): Promise<void> {
  for (const url of chain.urls) {
    const result = await chain.rpc.only(url).broadcastTxSync(tx);
    expect({ url, code: result.code }).toEqual({ url, code });
    expect(result.log).not.toBe('');
  }
}

export function addressOf(publicKeyHex: string): string {
  return toHex(nodeSha256(fromHex(publicKeyHex)).slice(0, 20)).toUpperCase();
}

export function validatorKeyFromFile(file: string): string {
  return toHex(fromBase64((JSON.parse(readFileSync(file, 'utf8')) as { pub_key: { value: string } }).pub_key.value));
}

/** A log of test leaves under a fresh origin, signed with the key the chain trusts. */
export class TestLog {
  readonly origin = `ledger-test.${randomBytes(4).toString('hex')}/evidence`;
  readonly log = new MerkleLog(hasher);
  private readonly secret = regulatorSecret();

  grow(count: number, tag = 'leaf'): this {
    for (let i = 0; i < count; i++)
      this.log.append(hasher.leaf(new TextEncoder().encode(`${this.origin}/${tag}/${this.log.size}`)));
    return this;
  }

  sign(previous: SignedCheckpoint | null, tree: MerkleLog = this.log): SignedCheckpoint {
    return signCheckpoint(
      {
        origin: this.origin,
        treeSize: tree.size,
        rootHash: toHex(tree.root()),
        previous: previous && checkpointId(previous, nodeSha256),
        issuedAt: new Date().toISOString(),
      },
      this.secret,
    );
  }

  /** The same log with leaf `index` replaced. */
  rewritten(index: number): MerkleLog {
    const copy = new MerkleLog(hasher);
    for (let i = 0; i < this.log.size; i++)
      copy.append(i === index ? hasher.leaf(new TextEncoder().encode('rewritten')) : this.log.leafHash(i));
    return copy;
  }
}

export function randomId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export { ed25519 };
