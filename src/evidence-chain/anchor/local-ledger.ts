import { nodeSha256 } from '../canonical/sha256-node';
import { checkpointId } from '../checkpoint/checkpoint';
import { SignedCheckpoint } from '../checkpoint/checkpoint';
import { Ledger } from './ledger';

/**
 * The embedded default: no chain. The signed, hash-chained checkpoints are the only anchor, so a
 * receipt proves what the regulator signed, not that nobody could have re-signed history.
 */
export class LocalLedger implements Ledger {
  readonly kind = 'local' as const;

  async submit(): Promise<void> {}

  async anchorOf(signed: SignedCheckpoint) {
    return {
      anchor: { ledger: 'local' as const },
      chainId: 'local',
      height: signed.checkpoint.treeSize,
      txHash: checkpointId(signed, nodeSha256),
    };
  }
}
