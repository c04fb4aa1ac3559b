import { canonicalJson } from '../canonical/canonical-json';
import { fromHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { checkpointNoteBody } from '../checkpoint/checkpoint-note';
import { verifyInclusion } from '../merkle/inclusion-proof';
import { verifyEd25519 } from '../verifier/ed25519-verify';
import { cosignatureMessage } from '../witness/cosignature';
import { TX_CODES, TxRefused } from './ledger-errors';
import type { TxContext, TxEffect } from './ledger-rules';
import { AnchoredCheckpoint, cosignatureKey, Overlay } from './ledger-state-keys';
import { historyLeafHash } from './state-proof';
import { CosignatureTx } from './ledger-tx';

const hasher = treeHasher(nodeSha256);

/**
 * A cosignature is accepted when the checkpoint it names is in the chain's committed history (an
 * inclusion proof against the history root this validator holds) and the Ed25519 cosignature/v1
 * signature verifies under the carried key over that checkpoint's note body. Whose key it is, the
 * chain cannot tell: the bureau's log holds the firms' key registrations (evidence leaves).
 */
export function applyCosignature(view: Overlay, tx: CosignatureTx, ctx: TxContext): TxEffect {
  const root = view.historyRoot(tx.history.size);
  if (!root)
    throw new TxRefused(
      TX_CODES.unknownCheckpoint,
      `the chain's committed history has fewer than ${tx.history.size} checkpoints`,
    );
  const included = verifyInclusion(
    hasher,
    tx.history.index,
    tx.history.size,
    historyLeafHash(new TextEncoder().encode(tx.anchored)),
    tx.history.path.map(fromHex),
    root,
  );
  if (!included.ok)
    throw new TxRefused(
      TX_CODES.unknownCheckpoint,
      `the named checkpoint is not entry ${tx.history.index} of the chain's history: ${included.reason}`,
    );
  const anchored = JSON.parse(tx.anchored) as AnchoredCheckpoint;
  const checkpoint = anchored.signed.checkpoint;
  const message = cosignatureMessage(checkpointNoteBody(checkpoint), tx.timestamp);
  if (!verifyEd25519(fromHex(tx.signature), message, fromHex(tx.cosigner.publicKey))) {
    throw new TxRefused(
      TX_CODES.badCosignature,
      `the cosignature of ${tx.cosigner.name} does not verify over checkpoint ${checkpoint.origin}@${checkpoint.treeSize}`,
    );
  }
  const key = cosignatureKey(checkpoint.origin, checkpoint.treeSize, tx.cosigner.publicKey);
  if (view.get(key) !== undefined)
    throw new TxRefused(
      TX_CODES.duplicateCosignature,
      `key ${tx.cosigner.publicKey} already cosigned ${checkpoint.origin}@${checkpoint.treeSize}`,
    );
  view.set(
    key,
    canonicalJson({
      name: tx.cosigner.name,
      timestamp: tx.timestamp,
      signature: tx.signature,
      height: ctx.height,
      txHash: ctx.txHash,
    }),
  );
  return { kind: 'cosignature' };
}
