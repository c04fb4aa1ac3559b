import { verifyEd25519 } from './ed25519-verify';
import { fromBase64 } from '../canonical/byte-encoding';
import { BLOCK_ID_FLAG_COMMIT, BlockIdJson, CommitSigJson } from './cometbft-json';
import { precommitSignBytes } from './canonical-vote';
import { parseRfc3339 } from './rfc3339-time';
import { PinnedValidatorSet } from './validator-set';

export interface CommitTally {
  signedPower: bigint;
  totalPower: bigint;
  signers: number;
}

export type CommitCheck = ({ ok: true } | { ok: false; reason: string }) & { tally: CommitTally };

/**
 * Like CometBFT's VerifyCommitLight, but stricter for evidence: every COMMIT signature is checked
 * (not only until 2/3 is reached), and unknown or repeated signers are errors. Absent and nil votes
 * carry no power for this block and are skipped. Quorum: signed power strictly above 2/3 of the total.
 */
export function checkCommitSignatures(
  set: PinnedValidatorSet,
  commit: { height: bigint; round: bigint; blockId: BlockIdJson; signatures: CommitSigJson[] },
): CommitCheck {
  const tally: CommitTally = { signedPower: 0n, totalPower: set.totalPower, signers: 0 };
  const fail = (reason: string): CommitCheck => ({ ok: false, reason, tally });
  const seen = new Set<string>();
  for (const [i, sig] of commit.signatures.entries()) {
    if (sig.block_id_flag !== BLOCK_ID_FLAG_COMMIT) continue;
    const address = String(sig.validator_address).toUpperCase();
    const validator = set.validators.find((v) => v.address === address);
    if (!validator) return fail(`signature ${i} is from ${address}, not a validator of the pinned set`);
    if (seen.has(address)) return fail(`validator ${address} signed twice`);
    seen.add(address);

    let valid: boolean;
    try {
      const message = precommitSignBytes({ chainId: set.chainId, height: commit.height, round: commit.round, blockId: commit.blockId, timestamp: parseRfc3339(sig.timestamp) });
      valid = verifyEd25519(fromBase64(sig.signature ?? ''), message, validator.publicKey); // ZIP-215 rules, as CometBFT
    } catch (error) {
      return fail(`signature ${i} of validator ${address} is malformed: ${(error as Error).message}`);
    }
    if (!valid) return fail(`signature ${i} of validator ${address} does not verify over its precommit for block ${commit.blockId.hash}`);
    tally.signedPower += validator.power;
    tally.signers++;
  }
  if (tally.signedPower * 3n <= tally.totalPower * 2n) {
    return fail(`only ${tally.signedPower} of ${tally.totalPower} voting power signed (${tally.signers} validators); more than 2/3 is needed`);
  }
  return { ok: true, tally };
}
