import { bytesEqual, fromBase64, fromHex, toHex } from '../canonical/byte-encoding';
import { canonicalBytes } from '../canonical/canonical-json';
import { nobleSha256 } from '../canonical/sha256-noble';
import { treeHasher } from '../canonical/tree-hasher';
import { SignedCheckpoint } from '../checkpoint/checkpoint';
import { checkpointSignatureProblem } from '../checkpoint/checkpoint-signature';
import { parseCheckpointTx } from '../checkpoint/checkpoint-tx';
import { verifyConsistency } from '../merkle/consistency-proof';
import { verifyInclusion } from '../merkle/inclusion-proof';
import { checkCommitSignatures } from './commit-signatures';
import { headerHash } from './header-hash';
import { CometAnchor, Receipt } from './receipt';
import { claimedSigningSet, walkHandovers } from './handover';
import { PinnedValidatorSet } from './validator-set';
import { SubstepResult } from './verification-report';

// Each step returns null when it holds, else the reason it does not. Steps read only the receipt
// and the pinned inputs, so one tampered byte fails the step that covers it, not every later one.
export type StepOutcome = string | null;

export const nobleHasher = treeHasher(nobleSha256);

const same = (a: string, b: string) => bytesEqual(fromHex(a), fromHex(b));

/** 1. The record's bytes (JCS for JSON records, raw for documents) hash to record.contentHash. */
export function checkContentHash(receipt: Receipt, recordBytes: Uint8Array): { outcome: StepOutcome; detail: string } {
  const { canonicalization, contentHash } = receipt.record;
  let bytes = recordBytes;
  if (canonicalization === 'jcs') {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(recordBytes);
    bytes = canonicalBytes(JSON.parse(text));
  } else if (canonicalization !== 'raw') {
    return { outcome: `unknown canonicalization '${canonicalization}'`, detail: '' };
  }
  const actual = toHex(nobleHasher.sha256(bytes));
  return same(actual, contentHash)
    ? { outcome: null, detail: `SHA-256(${canonicalization}) = ${actual}` }
    : { outcome: `the record hashes to ${actual}, the receipt says ${contentHash}`, detail: '' };
}

/** 2. leaf = SHA-256(0x00 || contentHash) walks the audit path up to rootHash (and an optional consistency proof holds). */
export function checkInclusion(receipt: Receipt): StepOutcome {
  const { leafIndex, treeSize, auditPath, rootHash } = receipt.inclusion;
  const leaf = nobleHasher.leaf(fromHex(receipt.record.contentHash));
  const inclusion = verifyInclusion(nobleHasher, leafIndex, treeSize, leaf, auditPath.map(fromHex), fromHex(rootHash));
  if (!inclusion.ok) return inclusion.reason;
  if (receipt.consistency) {
    const { fromTreeSize, fromRootHash, proof } = receipt.consistency;
    const consistency = verifyConsistency(
      nobleHasher,
      fromTreeSize,
      treeSize,
      fromHex(fromRootHash),
      fromHex(rootHash),
      proof.map(fromHex),
    );
    if (!consistency.ok) return `consistency with the earlier tree of size ${fromTreeSize}: ${consistency.reason}`;
  }
  return null;
}

/** 3. The checkpoint names this log, size and root, is signed by the pinned regulator key and, on a chain, is what the tx carries. */
export function checkCheckpoint(receipt: Receipt, regulatorKey: Uint8Array): StepOutcome {
  const { inclusion } = receipt;
  const inReceipt: SignedCheckpoint = {
    checkpoint: inclusion.checkpoint,
    signature: inclusion.checkpointSignature,
    publicKey: inclusion.checkpointKey,
  };
  let signed = inReceipt;
  if (receipt.anchor.ledger === 'cometbft') {
    const parsed = parseCheckpointTx(fromBase64(receipt.anchor.tx));
    if (!parsed.ok) return `anchored tx: ${parsed.reason}`;
    if (!bytesEqual(canonicalBytes(parsed.signed), canonicalBytes(inReceipt)))
      return "the receipt's checkpoint differs from the one anchored in the tx";
    signed = parsed.signed;
  }
  const c = signed.checkpoint;
  if (c.origin !== inclusion.logOrigin)
    return `checkpoint is for log '${c.origin}', the receipt for '${inclusion.logOrigin}'`;
  if (c.treeSize !== inclusion.treeSize)
    return `checkpoint has tree size ${c.treeSize}, the audit path is for ${inclusion.treeSize}`;
  if (!same(c.rootHash, inclusion.rootHash))
    return `checkpoint root ${c.rootHash} is not the receipt's root ${inclusion.rootHash}`;
  return checkpointSignatureProblem(signed, regulatorKey);
}

/** 4. The tx leaf SHA-256(0x00 || SHA-256(tx)) walks txAunts up to header.data_hash. */
export function checkTxInBlock(anchor: CometAnchor): StepOutcome {
  const tx = fromBase64(anchor.tx);
  const txHash = nobleHasher.sha256(tx);
  if (!same(toHex(txHash), anchor.txHash)) return `SHA-256(tx) is ${toHex(txHash)}, the receipt says ${anchor.txHash}`;
  const proof = verifyInclusion(
    nobleHasher,
    anchor.txIndex,
    anchor.txTotal,
    nobleHasher.leaf(txHash),
    anchor.txAunts.map(fromHex),
    fromHex(anchor.header.data_hash),
  );
  return proof.ok ? null : `tx proof against data_hash: ${proof.reason}`;
}

/** 5. The 14 header fields hash to the block id the validators signed; chain id and height are the expected ones. */
export function checkHeader(anchor: CometAnchor, set: PinnedValidatorSet): StepOutcome {
  const { header, commit } = anchor;
  if (header.chain_id !== set.chainId)
    return `header is from chain '${header.chain_id}', genesis pins '${set.chainId}'`;
  if (anchor.chainId !== set.chainId) return `receipt names chain '${anchor.chainId}', genesis pins '${set.chainId}'`;
  if (header.height !== String(anchor.height))
    return `header height ${header.height} is not the anchor height ${anchor.height}`;
  const computed = toHex(headerHash(header, nobleHasher));
  return same(computed, commit.blockId.hash)
    ? null
    : `header hashes to ${computed.toUpperCase()}, the commit signed block ${commit.blockId.hash}`;
}

/**
 * 6. Validators with more than 2/3 of the power of the set that made the block signed precommits
 * for this block id: the genesis set, or the last hand-over's (step 7 proves that one is trusted).
 */
export function checkCommit(
  anchor: CometAnchor,
  genesisSet: PinnedValidatorSet,
): { outcome: StepOutcome; detail: string } {
  const { commit } = anchor;
  const set = claimedSigningSet(anchor, genesisSet, nobleHasher);
  const result = checkCommitSignatures(set, {
    height: BigInt(anchor.header.height),
    round: BigInt(commit.round),
    blockId: commit.blockId,
    signatures: commit.signatures,
  });
  const { signedPower, totalPower, signers, nilVotes } = result.tally;
  const nil = nilVotes ? `, ${nilVotes} nil vote${nilVotes > 1 ? 's' : ''} checked` : '';
  return result.ok
    ? { outcome: null, detail: `${signers} validators, ${signedPower}/${totalPower} voting power${nil}` }
    : { outcome: result.reason, detail: '' };
}

/** 7. The set that made the block is the genesis set, or is reached from it through the receipt's hand-overs. */
export function checkValidatorSet(
  anchor: CometAnchor,
  genesisSet: PinnedValidatorSet,
): { outcome: StepOutcome; detail: string; substeps: SubstepResult[] } {
  const walk = walkHandovers(anchor, genesisSet, nobleHasher);
  const count = anchor.handover?.length ?? 0;
  const detail =
    count === 0
      ? 'genesis validator set'
      : `genesis validator set, then ${count} hand-over${count > 1 ? 's' : ''} (heights ${anchor.handover!.map((h) => h.height).join(', ')})`;
  return { outcome: walk.problem, detail, substeps: walk.substeps };
}
