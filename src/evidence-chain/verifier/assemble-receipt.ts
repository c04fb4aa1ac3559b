import { toHex } from '../canonical/byte-encoding';
import { SignedCheckpoint } from '../checkpoint/checkpoint';
import { MerkleLog } from '../merkle/merkle-log';
import { CometAnchor, LocalAnchor, Receipt, ReceiptRecord } from './receipt';

export interface ReceiptParts {
  record: ReceiptRecord;
  log: MerkleLog;
  leafIndex: number;
  /** The checkpoint covering the leaf (its treeSize > leafIndex), as anchored. */
  signed: SignedCheckpoint;
  anchor: CometAnchor | LocalAnchor;
  /** Size of an earlier checkpoint the holder already has, to add a consistency proof from it. */
  consistencyFrom?: number;
}

/** Puts a receipt together on the service side: the proofs come from the log at the checkpoint's size. */
export function assembleReceipt(parts: ReceiptParts): Receipt {
  const { record, log, leafIndex, signed, anchor, consistencyFrom } = parts;
  const { checkpoint } = signed;
  if (leafIndex >= checkpoint.treeSize)
    throw new RangeError(`leaf ${leafIndex} is not covered by the checkpoint of size ${checkpoint.treeSize}`);
  return {
    v: 1,
    hashAlg: 'sha-256',
    tree: 'rfc6962',
    record,
    inclusion: {
      logOrigin: checkpoint.origin,
      leafIndex,
      treeSize: checkpoint.treeSize,
      auditPath: log.inclusionProof(leafIndex, checkpoint.treeSize).map(toHex),
      rootHash: checkpoint.rootHash,
      checkpointSignature: signed.signature,
      checkpoint,
      checkpointKey: signed.publicKey,
    },
    anchor,
    ...(consistencyFrom !== undefined && {
      consistency: {
        fromTreeSize: consistencyFrom,
        fromRootHash: toHex(log.root(consistencyFrom)),
        proof: log.consistencyProof(consistencyFrom, checkpoint.treeSize).map(toHex),
      },
    }),
  };
}
