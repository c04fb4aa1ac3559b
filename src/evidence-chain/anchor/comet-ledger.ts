import { Logger } from '@nestjs/common';
import { AnchorNotReady, buildCometAnchor } from '../chain/anchor-receipt';
import { CometRpcClient, RpcError } from '../chain/cometbft-rpc';
import { encodeCheckpointTx } from '../checkpoint/checkpoint-tx';
import { SignedCheckpoint } from '../checkpoint/checkpoint';
import { txHash } from '../ledger-app/ledger-app';
import { AnchoredCheckpoint } from '../ledger-app/ledger-state-keys';
import { ConsistencyFrom, Ledger } from './ledger';

// A broadcast that has not reached a block in this long is taken as lost (a validator restarted
// and its mempool with it) and handed over again, with a proof from the chain's latest checkpoint.
const RESUBMIT_AFTER_MS = 10_000;

/**
 * Anchors on the CometBFT alliance chain. Each checkpoint tx carries the consistency proof from
 * the checkpoint it follows on the chain, which the ledger app checks. Checkpoints are handed over
 * in order: the first from the chain's latest, each next one from the one broadcast before it
 * (the app's mempool state has it), so several can share a block. Whether one is anchored is
 * asked of the app itself (/checkpoint/at/<size>), which also names the tx that carried it.
 */
export class CometLedger implements Ledger {
  readonly kind = 'cometbft' as const;
  private readonly logger = new Logger(CometLedger.name);
  /** checkpoint key -> when its tx was accepted into a mempool */
  private readonly submitted = new Map<string, number>();
  /** origin -> tree size of the last checkpoint broadcast and not yet seen on the chain */
  private readonly tip = new Map<string, number>();

  constructor(private readonly rpc: CometRpcClient) {}

  async submit(signed: SignedCheckpoint, consistencyFrom: ConsistencyFrom): Promise<void> {
    const { origin, treeSize } = signed.checkpoint;
    const key = `${origin}@${treeSize}`;
    if (this.submitted.has(key)) return;
    const latest = await this.latest(origin);
    if (latest >= treeSize) return; // on the chain already (e.g. before a restart)
    const tip = this.tip.get(origin);
    const fromSize = tip !== undefined && tip > latest && tip < treeSize ? tip : latest;
    const tx = encodeCheckpointTx(signed, { fromSize, proof: await consistencyFrom(fromSize) });
    try {
      const result = await this.rpc.broadcastTxSync(tx);
      if (result.code !== 0) {
        this.tip.delete(origin);
        throw new Error(`checkpoint ${treeSize} refused by CheckTx: code ${result.code} ${result.log}`);
      }
    } catch (error) {
      // "tx already exists in cache": an earlier broadcast of ours is in the mempool - fine.
      if (!(error instanceof RpcError && /already exists/i.test(error.message))) throw error;
    }
    this.submitted.set(key, Date.now());
    this.tip.set(origin, treeSize);
    this.logger.debug(`checkpoint ${treeSize} broadcast as ${txHash(tx)} (proof from ${fromSize})`);
  }

  async anchorOf(signed: SignedCheckpoint) {
    const { origin, treeSize } = signed.checkpoint;
    const key = `${origin}@${treeSize}`;
    const found = await this.rpc.abciQuery(`/checkpoint/at/${treeSize}`, new TextEncoder().encode(origin));
    if (found.code !== 0) {
      const at = this.submitted.get(key);
      if (at !== undefined && Date.now() - at > RESUBMIT_AFTER_MS) {
        this.submitted.delete(key);
        this.tip.delete(origin);
      }
      return null;
    }
    const anchored = JSON.parse(new TextDecoder().decode(found.value)) as AnchoredCheckpoint;
    this.submitted.delete(key);
    try {
      const anchor = await buildCometAnchor(this.rpc, anchored.txHash);
      return { anchor, chainId: anchor.chainId, height: anchor.height, txHash: anchor.txHash };
    } catch (error) {
      if (error instanceof AnchorNotReady) return null;
      throw error;
    }
  }

  /** Tree size of the chain's latest checkpoint of `origin`, 0 if none. */
  private async latest(origin: string): Promise<number> {
    const found = await this.rpc.abciQuery('/checkpoint/latest', new TextEncoder().encode(origin));
    if (found.code !== 0) return 0;
    return (JSON.parse(new TextDecoder().decode(found.value)) as AnchoredCheckpoint).signed.checkpoint.treeSize;
  }
}
