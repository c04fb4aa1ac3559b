import { CometAnchor, LocalAnchor } from '../verifier/receipt';
import { SignedCheckpoint } from '../checkpoint/checkpoint';

/** RFC 6962 consistency proof from the log's tree of `fromSize` leaves to the checkpoint's. */
export type ConsistencyFrom = (fromSize: number) => Promise<Uint8Array[]> | Uint8Array[];

/** Where signed checkpoints are anchored: the CometBFT alliance chain, or only the local log. */
export interface Ledger {
  readonly kind: 'cometbft' | 'local';
  /**
   * Hands the checkpoint to the ledger; safe to call again for the same checkpoint. Call in order:
   * the chain checks each against the one before with the proof `consistencyFrom` gives.
   */
  submit(signed: SignedCheckpoint, consistencyFrom: ConsistencyFrom): Promise<void>;
  /** The anchor once the checkpoint is final on the ledger; null while it is not yet. */
  anchorOf(
    signed: SignedCheckpoint,
  ): Promise<{ anchor: CometAnchor | LocalAnchor; chainId: string; height: number; txHash: string } | null>;
}
