import { verifyEd25519 } from './ed25519-verify';
import { fromBase64 } from '../canonical/byte-encoding';
import {
  BLOCK_ID_FLAG_ABSENT,
  BLOCK_ID_FLAG_COMMIT,
  BLOCK_ID_FLAG_NIL,
  BlockIdJson,
  CommitSigJson,
} from './cometbft-json';
import { precommitSignBytes } from './canonical-vote';
import { parseRfc3339 } from './rfc3339-time';
import { PinnedValidatorSet } from './validator-set';

export interface CommitTally {
  signedPower: bigint;
  totalPower: bigint;
  /** Validators whose COMMIT vote (for this block) verified: they carry the power. */
  signers: number;
  /** Validators whose nil vote verified: checked, but no power for this block. */
  nilVotes: number;
}

export type CommitCheck = ({ ok: true } | { ok: false; reason: string }) & { tally: CommitTally };

export interface CommitToCheck {
  height: bigint;
  round: bigint;
  blockId: BlockIdJson;
  signatures: CommitSigJson[];
}

/**
 * CometBFT v0.38 VerifyCommit (types/validation.go): one signature slot per validator, in the set's
 * order, and slot i is validator i's. Every signature present is verified - a COMMIT vote over the
 * precommit for the block, a nil vote over the precommit for no block - and only COMMIT votes carry
 * power; absent slots are skipped. Quorum: signed power strictly above 2/3 of the total. So a block
 * signature relabelled as nil, reordered signatures or a repeated signer fail here as they do there.
 */
export function checkCommitSignatures(set: PinnedValidatorSet, commit: CommitToCheck): CommitCheck {
  const tally: CommitTally = { signedPower: 0n, totalPower: set.totalPower, signers: 0, nilVotes: 0 };
  const fail = (reason: string): CommitCheck => ({ ok: false, reason, tally });
  if (!Array.isArray(commit.signatures)) return fail('the commit has no signatures list');
  if (commit.signatures.length !== set.validators.length) {
    return fail(
      `the commit has ${commit.signatures.length} signature slots for ${set.validators.length} validators; CometBFT requires exactly one per validator, in the set's order`,
    );
  }
  const slotOf = new Map(set.validators.map((v, i) => [v.address, i]));
  const seenAt = new Map<string, number>();
  for (const [i, sig] of commit.signatures.entries()) {
    const flag = sig.block_id_flag;
    if (flag === BLOCK_ID_FLAG_ABSENT) continue;
    if (flag !== BLOCK_ID_FLAG_COMMIT && flag !== BLOCK_ID_FLAG_NIL)
      return fail(`slot ${i} has unknown block_id_flag ${String(flag)}`);
    const address = String(sig.validator_address ?? '').toUpperCase();
    const earlier = seenAt.get(address);
    if (earlier !== undefined) return fail(`validator ${address} signed twice (slots ${earlier} and ${i})`);
    seenAt.set(address, i);
    const validator = set.validators[i];
    if (address !== validator.address) {
      const own = slotOf.get(address);
      return fail(
        own === undefined
          ? `slot ${i} belongs to validator ${validator.address} but holds a signature from ${address || '(no address)'}, not a validator of the set`
          : `slot ${i} belongs to validator ${validator.address} but holds the signature of ${address}, whose slot is ${own}: the signatures are not in the set's order`,
      );
    }

    const nil = flag === BLOCK_ID_FLAG_NIL;
    let valid: boolean;
    try {
      const message = precommitSignBytes({
        chainId: set.chainId,
        height: commit.height,
        round: commit.round,
        blockId: nil ? null : commit.blockId,
        timestamp: parseRfc3339(sig.timestamp),
      });
      const signature = fromBase64(sig.signature ?? '');
      if (signature.length !== 64)
        return fail(
          `slot ${i} (validator ${address}) has a ${signature.length}-byte signature, an Ed25519 signature has 64`,
        );
      valid = verifyEd25519(signature, message, validator.publicKey); // ZIP-215 rules, as CometBFT
    } catch (error) {
      return fail(`slot ${i} (validator ${address}) is malformed: ${(error as Error).message}`);
    }
    if (!valid) {
      return fail(
        nil
          ? `slot ${i} (validator ${address}) is marked as a nil vote but its signature does not verify over a precommit for no block (a vote for the block relabelled as nil?)`
          : `slot ${i} (validator ${address}): the signature does not verify over its precommit for block ${commit.blockId.hash}`,
      );
    }
    if (nil) {
      tally.nilVotes++;
    } else {
      tally.signedPower += validator.power;
      tally.signers++;
    }
  }
  if (tally.signedPower * 3n <= tally.totalPower * 2n) {
    return fail(
      `only ${tally.signedPower} of ${tally.totalPower} voting power signed (${tally.signers} validators, ${tally.nilVotes} nil votes); more than 2/3 is needed`,
    );
  }
  return { ok: true, tally };
}
