import { ed25519 } from '@noble/curves/ed25519';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toBase64, toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { precommitSignBytes } from './canonical-vote';
import { BlockIdJson, CommitSigJson, GenesisJson } from './cometbft-json';
import { CommitToCheck, checkCommitSignatures } from './commit-signatures';
import { CometAnchor, Receipt } from './receipt';
import { parseRfc3339 } from './rfc3339-time';
import { PinnedValidatorSet, validatorSetFromGenesis, validatorSetFromList } from './validator-set';

const hasher = treeHasher(nodeSha256);
const CHAIN = 'commit-spec';
const BLOCK: BlockIdJson = { hash: 'AB'.repeat(32), parts: { total: 1, hash: 'CD'.repeat(32) } };
const ABSENT: CommitSigJson = {
  block_id_flag: 1,
  validator_address: '',
  timestamp: '0001-01-01T00:00:00Z',
  signature: null,
};

/** Freshly generated validators (by default powers 4, 3, 2, 1, so slot i has power 4 - i) and their keys by slot. */
function network(powers = [4, 3, 2, 1]) {
  const secrets = powers.map(() => ed25519.utils.randomPrivateKey());
  const set = validatorSetFromList(
    CHAIN,
    secrets.map((sk, i) => ({
      pub_key: { type: 'tendermint/PubKeyEd25519', value: toBase64(ed25519.getPublicKey(sk)) },
      power: String(powers[i]),
    })),
    hasher,
    'test validator',
  );
  const secretOf = (slot: number) =>
    secrets.find((sk) => toHex(ed25519.getPublicKey(sk)) === toHex(set.validators[slot].publicKey))!;
  return { set, secretOf };
}

/** Validator `slot` signs a precommit for the block (flag 2) or for no block (flag 3). */
function vote(
  set: PinnedValidatorSet,
  secretOf: (slot: number) => Uint8Array,
  slot: number,
  flag: 2 | 3,
): CommitSigJson {
  const timestamp = `2026-12-06T05:00:00.${String(123456789 + slot)}Z`;
  const message = precommitSignBytes({
    chainId: CHAIN,
    height: 7n,
    round: 1n,
    blockId: flag === 2 ? BLOCK : null,
    timestamp: parseRfc3339(timestamp),
  });
  return {
    block_id_flag: flag,
    validator_address: set.validators[slot].address,
    timestamp,
    signature: toBase64(ed25519.sign(message, secretOf(slot))),
  };
}

const commitOf = (signatures: CommitSigJson[]): CommitToCheck => ({
  height: 7n,
  round: 1n,
  blockId: BLOCK,
  signatures,
});

describe(checkCommitSignatures.name, () => {
  const { set, secretOf } = network();
  const all = [0, 1, 2, 3].map((slot) => vote(set, secretOf, slot, 2));

  it("should accept every validator signing the block, in the set's order", () => {
    const result = checkCommitSignatures(set, commitOf(all));
    expect(result).toMatchObject({ ok: true, tally: { signedPower: 10n, totalPower: 10n, signers: 4, nilVotes: 0 } });
  });

  it('should verify nil votes and give them no power when they are genuine', () => {
    const signatures = [all[0], all[1], vote(set, secretOf, 2, 3), ABSENT];
    expect(checkCommitSignatures(set, commitOf(signatures))).toMatchObject({
      ok: true,
      tally: { signedPower: 7n, signers: 2, nilVotes: 1 },
    });
    // 4 + 2 = 6 of 10 is not more than 2/3 once validator 1 votes nil.
    const short = [all[0], vote(set, secretOf, 1, 3), all[2], ABSENT];
    expect(checkCommitSignatures(set, commitOf(short))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/only 6 of 10 voting power signed \(2 validators, 1 nil vote/),
    });
  });

  it('should refuse a vote for the block relabelled as a nil vote', () => {
    // Validator 3's power (1) is not needed for quorum: the relabelled signature must still fail.
    const signatures = [all[0], all[1], all[2], { ...all[3], block_id_flag: 3 }];
    expect(checkCommitSignatures(set, commitOf(signatures))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/slot 3 .* marked as a nil vote but its signature does not verify/),
    });
  });

  it('should refuse a nil vote relabelled as a vote for the block', () => {
    const signatures = [all[0], all[1], all[2], { ...vote(set, secretOf, 3, 3), block_id_flag: 2 }];
    expect(checkCommitSignatures(set, commitOf(signatures))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/slot 3 .* does not verify over its precommit for block/),
    });
  });

  it("should refuse signatures that are valid but out of the set's order", () => {
    const reordered = [all[1], all[0], all[2], all[3]];
    expect(checkCommitSignatures(set, commitOf(reordered))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /slot 0 belongs to validator .* holds the signature of .* whose slot is 1: the signatures are not in the set's order/,
      ),
    });
  });

  it('should refuse a commit with more or fewer slots than validators', () => {
    expect(checkCommitSignatures(set, commitOf(all.slice(0, 3)))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/3 signature slots for 4 validators/),
    });
    expect(checkCommitSignatures(set, commitOf([...all, ABSENT]))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/5 signature slots for 4 validators/),
    });
  });

  it('should refuse a validator that signs twice', () => {
    const twice = [all[0], all[1], all[0], all[3]];
    expect(checkCommitSignatures(set, commitOf(twice))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/signed twice \(slots 0 and 2\)/),
    });
  });

  it('should refuse a signer that is not in the set, an unknown flag and a short signature', () => {
    const stranger = network().set.validators[0].address;
    expect(
      checkCommitSignatures(set, commitOf([all[0], all[1], all[2], { ...all[3], validator_address: stranger }])),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/not a validator of the set/) });
    expect(
      checkCommitSignatures(set, commitOf([all[0], all[1], all[2], { ...all[3], block_id_flag: 4 }])),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/unknown block_id_flag 4/) });
    expect(
      checkCommitSignatures(
        set,
        commitOf([all[0], all[1], all[2], { ...all[3], signature: toBase64(new Uint8Array(63)) }]),
      ),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/63-byte signature/) });
  });

  it('should need strictly more than 2/3 of the power', () => {
    const { set: equal, secretOf: equalSecret } = network([1, 1, 1, 1]);
    const votes = [0, 1, 2, 3].map((slot) => vote(equal, equalSecret, slot, 2));
    expect(checkCommitSignatures(equal, commitOf([votes[0], votes[1], votes[2], ABSENT])).ok).toBe(true);
    expect(checkCommitSignatures(equal, commitOf([votes[0], votes[1], ABSENT, ABSENT])).ok).toBe(false);
  });

  describe('on the commit saved from the real 4-validator chain', () => {
    const dir = join(__dirname, '../../../test/fixtures/evidence');
    const receipt = JSON.parse(readFileSync(join(dir, 'receipt.json'), 'utf8')) as Receipt;
    const genesis = JSON.parse(readFileSync(join(dir, 'genesis.json'), 'utf8')) as GenesisJson;
    const anchor = receipt.anchor as CometAnchor;
    const realSet = validatorSetFromGenesis(genesis, hasher);
    const real = (signatures: CommitSigJson[]): CommitToCheck => ({
      height: BigInt(anchor.header.height),
      round: BigInt(anchor.commit.round),
      blockId: anchor.commit.blockId,
      signatures,
    });
    const signed = anchor.commit.signatures.flatMap((s, i) => (s.block_id_flag === 2 ? [i] : []));

    it('should accept it as CometBFT saved it', () => {
      expect(checkCommitSignatures(realSet, real(anchor.commit.signatures))).toMatchObject({
        ok: true,
        tally: { signers: signed.length },
      });
    });

    it('should refuse it when one block signature is relabelled as nil', () => {
      const signatures = structuredClone(anchor.commit.signatures);
      signatures[signed[0]].block_id_flag = 3;
      expect(checkCommitSignatures(realSet, real(signatures))).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/marked as a nil vote/),
      });
    });

    it('should refuse it when two signatures swap slots or a slot is dropped', () => {
      const signatures = structuredClone(anchor.commit.signatures);
      [signatures[signed[0]], signatures[signed[1]]] = [signatures[signed[1]], signatures[signed[0]]];
      expect(checkCommitSignatures(realSet, real(signatures))).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/not in the set's order/),
      });
      expect(
        checkCommitSignatures(realSet, real(anchor.commit.signatures.filter((s) => s.block_id_flag === 2))),
      ).toMatchObject({ ok: false, reason: expect.stringMatching(/signature slots for 4 validators/) });
    });
  });
});
