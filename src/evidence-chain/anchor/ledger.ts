import { CometAnchor, LocalAnchor } from '../verifier/receipt';
import { SignedCheckpoint } from '../checkpoint/checkpoint';

/** Where signed checkpoints are anchored: the CometBFT alliance chain, or only the local log. */
export interface Ledger {
  readonly kind: 'cometbft' | 'local';
  /** Hands the checkpoint to the ledger; safe to call again for the same checkpoint. */
  submit(signed: SignedCheckpoint): Promise<void>;
  /** The anchor once the checkpoint is final on the ledger; null while it is not yet. */
  anchorOf(signed: SignedCheckpoint): Promise<{ anchor: CometAnchor | LocalAnchor; chainId: string; height: number; txHash: string } | null>;
}
