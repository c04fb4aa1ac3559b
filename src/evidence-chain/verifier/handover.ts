import { bytesEqual, fromHex, toHex } from '../canonical/byte-encoding';
import { TreeHasher } from '../canonical/tree-hasher';
import { checkCommitSignatures } from './commit-signatures';
import { headerHash } from './header-hash';
import { CometAnchor, ValidatorSetHandover } from './receipt';
import { PinnedValidatorSet, validatorSetFromList, validatorSetHash } from './validator-set';
import { SubstepResult } from './verification-report';

export interface HandoverWalk {
  /** One entry per check, in order; the walk stops at the first failure (trust is broken there). */
  substeps: SubstepResult[];
  /** The first failure, or null when the anchor block's set is trusted from genesis. */
  problem: string | null;
}

const same = (a: string, b: string) => bytesEqual(fromHex(a), fromHex(b));
const upper = (bytes: Uint8Array) => toHex(bytes).toUpperCase();

/** The set the receipt says signed the anchor block: the last hand-over's, else genesis's. */
export function claimedSigningSet(
  anchor: CometAnchor,
  genesisSet: PinnedValidatorSet,
  hasher: TreeHasher,
): PinnedValidatorSet {
  const handover = anchor.handover ?? [];
  if (handover.length === 0) return genesisSet;
  return validatorSetFromList(
    genesisSet.chainId,
    handover[handover.length - 1].validators,
    hasher,
    `hand-over ${handover.length} validator`,
  );
}

/**
 * Hands trust from the genesis set to the set that made the anchor block, one validator-set change
 * at a time, as CometBFT's light client verifies sequentially: header H-1 was made by the trusted
 * set and more than 2/3 of its power signed it; the new set hashes to what header H-1 announced as
 * next_validators_hash; then the new set is trusted. Last, the anchor header names the trusted set.
 */
export function walkHandovers(anchor: CometAnchor, genesisSet: PinnedValidatorSet, hasher: TreeHasher): HandoverWalk {
  const substeps: SubstepResult[] = [];
  const pass = (label: string, detail: string) => substeps.push({ label, status: 'pass', detail });
  const fail = (label: string, problem: string): HandoverWalk => {
    substeps.push({ label, status: 'fail', detail: problem });
    return { substeps, problem: `${label}: ${problem}` };
  };
  const handover = anchor.handover ?? [];
  if (!Array.isArray(handover)) return fail('hand-over', "the receipt's handover is not a list");

  let trusted = genesisSet;
  let trustedHash = upper(validatorSetHash(trusted, hasher));
  let previousHeight = 1; // the genesis set makes block 1
  for (const [k, step] of handover.entries()) {
    const label = `hand-over ${k + 1} of ${handover.length} (height ${step?.height})`;
    try {
      const shape = handoverShapeProblem(step, previousHeight, anchor.height);
      if (shape) return fail(label, shape);
      const h = step.height - 1;

      // a. Header H-1 is the block the trusted set made.
      if (step.header.chain_id !== genesisSet.chainId)
        return fail(
          `${label} header`,
          `header ${h} is from chain '${step.header.chain_id}', genesis pins '${genesisSet.chainId}'`,
        );
      if (step.header.height !== String(h))
        return fail(
          `${label} header`,
          `the header is of height ${step.header.height}, the hand-over needs height ${h}`,
        );
      const blockHash = upper(headerHash(step.header, hasher));
      if (!same(blockHash, step.commit.blockId.hash))
        return fail(
          `${label} header`,
          `header ${h} hashes to ${blockHash}, its commit signed block ${step.commit.blockId.hash}`,
        );
      if (!same(step.header.validators_hash, trustedHash)) {
        return fail(
          `${label} header`,
          `header ${h} was made by set ${step.header.validators_hash}, the trusted set is ${trustedHash}`,
        );
      }
      pass(`${label} header`, `header ${h} (block ${blockHash}) was made by the trusted set ${trustedHash}`);

      // b. More than 2/3 of the trusted set's power signed it, slot by slot.
      const signed = checkCommitSignatures(trusted, {
        height: BigInt(h),
        round: BigInt(step.commit.round),
        blockId: step.commit.blockId,
        signatures: step.commit.signatures,
      });
      if (!signed.ok) return fail(`${label} commit`, `commit of height ${h}: ${signed.reason}`);
      pass(
        `${label} commit`,
        `${signed.tally.signers} validators, ${signed.tally.signedPower}/${signed.tally.totalPower} of the trusted power signed height ${h}`,
      );

      // c. The new set is the one that header announced.
      const next = validatorSetFromList(genesisSet.chainId, step.validators, hasher, `hand-over ${k + 1} validator`);
      const nextHash = upper(validatorSetHash(next, hasher));
      if (!same(nextHash, step.header.next_validators_hash)) {
        return fail(
          `${label} new set`,
          `the new set hashes to ${nextHash}, header ${h} announced next_validators_hash ${step.header.next_validators_hash}`,
        );
      }
      pass(
        `${label} new set`,
        `${next.validators.length} validators, total power ${next.totalPower}, hash ${nextHash}`,
      );
      trusted = next;
      trustedHash = nextHash;
      previousHeight = step.height;
    } catch (error) {
      return fail(label, `malformed hand-over: ${(error as Error).message}`);
    }
  }

  const finalLabel = 'anchor block';
  if (!same(anchor.header.validators_hash, trustedHash)) {
    return fail(
      finalLabel,
      handover.length === 0
        ? `genesis validators hash to ${trustedHash}, the block was made by set ${anchor.header.validators_hash} (the set changed since genesis and the receipt carries no hand-over)`
        : `the block was made by set ${anchor.header.validators_hash}, the set trusted after ${handover.length} hand-over(s) is ${trustedHash}`,
    );
  }
  if (!same(anchor.validatorSetHash, trustedHash))
    return fail(finalLabel, `receipt's validatorSetHash ${anchor.validatorSetHash} is not the header's`);
  pass(finalLabel, `block ${anchor.height} was made by the trusted set ${trustedHash}`);
  return { substeps, problem: null };
}

function handoverShapeProblem(
  step: ValidatorSetHandover | undefined,
  previousHeight: number,
  anchorHeight: number,
): string | null {
  if (!step || typeof step !== 'object') return 'not an object';
  if (!Number.isSafeInteger(step.height) || step.height <= previousHeight)
    return `height must be an integer above ${previousHeight} (hand-overs in height order, oldest first)`;
  if (step.height > anchorHeight) return `height ${step.height} is after the anchor block ${anchorHeight}`;
  if (
    !step.header ||
    !step.commit?.blockId ||
    !Array.isArray(step.commit.signatures) ||
    !Array.isArray(step.validators)
  )
    return 'needs header, commit {round, blockId, signatures} and validators';
  return null;
}
