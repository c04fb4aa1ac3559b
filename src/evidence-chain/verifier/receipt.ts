import { SubmissionEnvelope } from '../canonical/submission-leaf';
import { Checkpoint } from '../checkpoint/checkpoint';
import { BlockIdJson, CommitSigJson, GenesisValidatorJson, HeaderJson } from './cometbft-json';

/**
 * A self-contained evidence receipt (EVIDENCE.md): with the record, the published genesis and the
 * regulator's published key, anyone can check it without the regulator's database or service.
 * Hashes we compute are lower-case hex; CometBFT's own JSON stays as its RPC returned it.
 */
export interface Receipt {
  v: 1;
  hashAlg: 'sha-256';
  tree: 'rfc6962';
  record: ReceiptRecord;
  inclusion: ReceiptInclusion;
  anchor: CometAnchor | LocalAnchor;
  /** Optional: this checkpoint's tree extends an earlier one the holder already trusts. */
  consistency?: { fromTreeSize: number; fromRootHash: string; proof: string[] };
  /**
   * Optional, informative: firms whose witnesses cosigned a checkpoint covering this leaf (见证),
   * each with its C2SP cosignature line; check one with the firm's public key over that checkpoint.
   */
  witnessedBy?: WitnessedBy[];
}

export interface WitnessedBy {
  firm: string; // credit code
  keyId: string;
  treeSize: number;
  rootHash: string;
  cosignedAt: string;
  cosignature: string;
}

export interface ReceiptRecord {
  kind: string; // e.g. report, contract, assessment, alert, action
  id: string;
  contentHash: string;
  /** jcs: the record is JSON, hashed as its RFC 8785 bytes; raw: a document, hashed as-is. */
  canonicalization: 'jcs' | 'raw';
  /** A firm's submission: the leaf is H(JCS({ v, stored, submission })) rather than the stored hash. */
  submission?: ReceiptSubmission;
}

export interface ReceiptSubmission {
  /** hex SHA-256 of the stored form (JCS). */
  stored: string;
  envelope: SubmissionEnvelope;
  /** hex; opens envelope.commitment. Only in receipts for the submitter and the bureau. */
  salt?: string;
}

export interface ReceiptInclusion {
  logOrigin: string;
  leafIndex: number;
  treeSize: number;
  auditPath: string[]; // leaf to root
  rootHash: string;
  checkpointSignature: string; // Ed25519, hex
  /** The signed checkpoint body (origin, treeSize, rootHash, previous, issuedAt). */
  checkpoint: Checkpoint;
  /** Key that signed it; only informative - the verifier pins the regulator's key independently. */
  checkpointKey: string;
}

export interface CometAnchor {
  ledger: 'cometbft';
  chainId: string;
  height: number;
  txHash: string; // upper-case hex, SHA-256(tx)
  tx: string; // base64 of the exact tx bytes
  txIndex: number;
  txTotal: number;
  txAunts: string[]; // hex, leaf to root, up to header.data_hash
  header: HeaderJson;
  /** The canonical commit of `height` (from block height+1): who signed the block, and when. */
  commit: CommitJson;
  validatorSetHash: string;
  /**
   * Optional: how trust passes from the genesis validators to the set that signed this block, one
   * entry per validator-set change, oldest first. Absent or empty when the set never changed.
   */
  handover?: ValidatorSetHandover[];
}

/** A commit as a receipt carries it; its height is the height of the header it signs. */
export interface CommitJson {
  round: number;
  blockId: BlockIdJson;
  signatures: CommitSigJson[];
}

/**
 * One validator-set change (交接, hand-over): the last block the outgoing set made announces the
 * incoming set in next_validators_hash, and more than 2/3 of the outgoing set signed that block.
 */
export interface ValidatorSetHandover {
  /** The first height made and signed by the new set. */
  height: number;
  /** The header of height - 1, made by the set trusted so far. */
  header: HeaderJson;
  /** The canonical commit of height - 1 (from block `height`): the trusted set's signatures. */
  commit: CommitJson;
  /** The new set; it must hash to header.next_validators_hash. */
  validators: GenesisValidatorJson[];
}

/** The embedded default: checkpoints kept only in the regulator's own signed log. */
export interface LocalAnchor {
  ledger: 'local';
}
