import { Logger } from '@nestjs/common';
import { toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { AnchorNotReady, buildCometAnchor } from '../chain/anchor-receipt';
import { CometRpcClient, RpcError } from '../chain/cometbft-rpc';
import { encodeCheckpointTx } from '../checkpoint/checkpoint-tx';
import { SignedCheckpoint } from '../checkpoint/checkpoint';
import { Ledger } from './ledger';

/**
 * Anchors on the CometBFT network: broadcast_tx_sync to any validator that answers, then the tx
 * and its block's canonical commit are read back for the receipt. The tx hash is SHA-256 of the tx
 * bytes, so after a restart the same checkpoint is found again by hash: no duplicate, no gap.
 */
export class CometLedger implements Ledger {
  readonly kind = 'cometbft' as const;
  private readonly logger = new Logger(CometLedger.name);
  private readonly submitted = new Set<string>();

  constructor(private readonly rpc: CometRpcClient) {}

  async submit(signed: SignedCheckpoint): Promise<void> {
    const tx = encodeCheckpointTx(signed);
    const hash = txHash(tx);
    if (this.submitted.has(hash)) return;
    if (await this.rpc.tx(hash)) {
      this.submitted.add(hash); // committed before a restart
      return;
    }
    try {
      const result = await this.rpc.broadcastTxSync(tx);
      if (result.code !== 0) throw new Error(`checkpoint ${signed.checkpoint.treeSize} refused by CheckTx: code ${result.code} ${result.log}`);
    } catch (error) {
      // "tx already exists in cache": an earlier broadcast of ours is in the mempool - fine.
      if (!(error instanceof RpcError && /already exists/i.test(error.message))) throw error;
    }
    this.submitted.add(hash);
    this.logger.debug(`checkpoint ${signed.checkpoint.treeSize} broadcast as ${hash}`);
  }

  async anchorOf(signed: SignedCheckpoint) {
    const hash = txHash(encodeCheckpointTx(signed));
    try {
      const anchor = await buildCometAnchor(this.rpc, hash);
      return { anchor, chainId: anchor.chainId, height: anchor.height, txHash: anchor.txHash };
    } catch (error) {
      if (error instanceof AnchorNotReady) {
        // Lost from a mempool (e.g. the validator restarted): hand it over again.
        if (/not committed/.test(error.message)) this.submitted.delete(hash);
        return null;
      }
      throw error;
    }
  }
}

function txHash(tx: Uint8Array): string {
  return toHex(nodeSha256(tx)).toUpperCase();
}
