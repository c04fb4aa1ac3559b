import { fromHex, toHex } from '../canonical/byte-encoding';
import { CometRpcClient } from '../chain/cometbft-rpc';
import { encodeLedgerTx } from '../ledger-app/ledger-tx';
import { AnchoredCheckpoint } from '../ledger-app/ledger-state-keys';
import { LedgerProof, verifyLedgerProof } from '../ledger-app/state-proof';
import { ed25519 } from '@noble/curves/ed25519';
import { CheckpointBody, verifyCosignature } from './cosignature';

interface OnChain {
  rootHash: string;
  height: number;
  value: string;
  proof: LedgerProof;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The witness's view of the alliance chain: whether the chain accepted a checkpoint (an abci_query
 * with its proof, checked against the app hash of the next block's header), and the cosignature
 * transaction that records the firm's cosignature there.
 */
export class ChainWitness {
  private last?: { origin: string; treeSize: number } & OnChain;

  constructor(
    private readonly rpc: CometRpcClient,
    private readonly waitMs = 30_000,
  ) {}

  /** The chain's checkpoint of this origin and size, proof-checked; null if it has none within the wait. */
  async anchored(checkpoint: CheckpointBody): Promise<OnChain | null> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const answer = await this.rpc.abciQuery(
        `/checkpoint/at/${checkpoint.treeSize}`,
        new TextEncoder().encode(checkpoint.origin),
      );
      if (answer.code === 0 && answer.proofData) {
        const value = new TextDecoder().decode(answer.value);
        const proof = JSON.parse(answer.proofData) as LedgerProof;
        const appHash = await this.appHashAfter(answer.height, deadline);
        const check = verifyLedgerProof(appHash, `${checkpoint.origin}@${checkpoint.treeSize}`, answer.value, proof);
        if (!check.ok)
          throw new Error(
            `the chain's answer for ${checkpoint.origin}@${checkpoint.treeSize} does not verify against block ${answer.height + 1}: ${check.reason}`,
          );
        const anchored = JSON.parse(value) as AnchoredCheckpoint;
        this.last = {
          origin: checkpoint.origin,
          treeSize: checkpoint.treeSize,
          rootHash: anchored.signed.checkpoint.rootHash,
          height: anchored.height,
          value,
          proof,
        };
        return this.last;
      }
      if (Date.now() > deadline) return null;
      await sleep(1000);
    }
  }

  /** Sends the cosignature transaction for the checkpoint `anchored` last checked. */
  async submit(checkpoint: CheckpointBody, line: string, secretKey: Uint8Array): Promise<string> {
    const last = this.last;
    if (!last || last.origin !== checkpoint.origin || last.treeSize !== checkpoint.treeSize)
      throw new Error('check the checkpoint on the chain before cosigning it there');
    const publicKey = ed25519.getPublicKey(secretKey);
    const cosig = verifyCosignature(checkpoint.text, line, publicKey);
    const tx = encodeLedgerTx({
      type: 'cosignature',
      anchored: last.value,
      history: { index: last.proof.index, size: last.proof.size, path: last.proof.path },
      cosigner: { name: cosig.name, publicKey: toHex(publicKey) },
      timestamp: cosig.timestamp,
      signature: toHex(cosig.signature),
    });
    const result = await this.rpc.broadcastTxSync(tx);
    if (result.code !== 0) throw new Error(`the chain refused the cosignature tx: ${result.code} ${result.log}`);
    return result.hash;
  }

  private async appHashAfter(height: number, deadline: number): Promise<Uint8Array> {
    for (;;) {
      const block = await this.rpc
        .raw<{ block: { header: { app_hash: string } } }>('block', { height: String(height + 1) })
        .catch(() => undefined);
      if (block) return fromHex(block.block.header.app_hash.toLowerCase());
      if (Date.now() > deadline) throw new Error(`no block ${height + 1} on the chain yet to check the answer against`);
      await sleep(500);
    }
  }
}
