import { ed25519 } from '@noble/curves/ed25519';
import { toBase64 } from '../canonical/byte-encoding';
import { fakeChainReceipt } from '../../../test/support/evidence-fake-chain';
import { CometAnchor } from './receipt';
import { firstFailedStep } from './verification-report';
import { VerifyInput, verifyReceiptOffline } from './verify-receipt';

const comet = (input: VerifyInput) => input.receipt.anchor as CometAnchor;
const step7 = (input: VerifyInput) => verifyReceiptOffline(input).steps[6];

// Genesis: validators 0-3, power 1 each. Then a fifth validator joins, validator 0 leaves with its
// power shifted to newcomers, and finally the set is validators 4-7 only: none of genesis is left.
const JOIN = { 0: 1, 1: 1, 2: 1, 3: 1, 4: 1 };
const RESHUFFLE = { 1: 2, 2: 1, 3: 1, 4: 1, 5: 3 };
const REPLACED = { 4: 1, 5: 1, 6: 1, 7: 1 };

describe('validator-set hand-overs (step 7)', () => {
  it('should pass with no hand-over when the genesis set made the block', () => {
    const report = verifyReceiptOffline(fakeChainReceipt());
    expect(report.ok).toBe(true);
    expect(report.steps[6]).toMatchObject({ status: 'pass', detail: 'genesis validator set' });
    expect(report.steps[6].substeps).toEqual([expect.objectContaining({ label: 'anchor block', status: 'pass' })]);
  });

  it('should pass with one hand-over when a fifth validator joined', () => {
    const report = verifyReceiptOffline(fakeChainReceipt({ changes: [JOIN] }));
    expect(report.ok).toBe(true);
    expect(report.steps[5].detail).toBe('5 validators, 5/5 voting power');
    expect(report.steps[6].detail).toBe('genesis validator set, then 1 hand-over (heights 10)');
    expect(report.steps[6].substeps!.map((s) => [s.label, s.status])).toEqual([
      ['hand-over 1 of 1 (height 10) header', 'pass'],
      ['hand-over 1 of 1 (height 10) commit', 'pass'],
      ['hand-over 1 of 1 (height 10) new set', 'pass'],
      ['anchor block', 'pass'],
    ]);
  });

  it('should pass with three hand-overs, the last set sharing no validator with genesis', () => {
    const report = verifyReceiptOffline(
      fakeChainReceipt({ changes: [JOIN, RESHUFFLE, REPLACED], handoverAbsent: { 1: [0] } }),
    );
    expect(report.ok).toBe(true);
    expect(report.steps[6].substeps).toHaveLength(10);
    expect(report.steps[6].substeps![4].detail).toBe('4 validators, 4/5 of the trusted power signed height 19');
  });

  it('should fail a hand-over signed by validators without more than 2/3 of the trusted power', () => {
    // Validators 0 and 1 (2 of 4) announce a set of keys they control; that set signs the block.
    const input = fakeChainReceipt({ changes: [{ 0: 1, 1: 1, 8: 5 }], handoverAbsent: { 0: [2, 3] } });
    const report = verifyReceiptOffline(input);
    expect(report.ok).toBe(false);
    expect(report.steps[5].status).toBe('pass'); // the new set did sign the block: only the hand-over shows the forgery
    expect(firstFailedStep(report)).toBe(7);
    expect(report.steps[6].substeps!.at(-1)).toMatchObject({
      label: 'hand-over 1 of 1 (height 10) commit',
      status: 'fail',
      detail: expect.stringMatching(/commit of height 9: only 2 of 4 voting power signed/),
    });
  });

  it('should fail the third of three hand-overs when only it lacks 2/3', () => {
    const report = verifyReceiptOffline(
      fakeChainReceipt({ changes: [JOIN, RESHUFFLE, REPLACED], handoverAbsent: { 2: [5] } }),
    );
    expect(firstFailedStep(report)).toBe(7);
    expect(report.steps[6].detail).toMatch(/^hand-over 3 of 3 \(height 30\) commit: commit of height 29: only 5 of 8/);
  });

  it('should fail a forged new set that does not hash to next_validators_hash', () => {
    const input = fakeChainReceipt({ changes: [JOIN, RESHUFFLE] });
    const forged = ed25519.getPublicKey(ed25519.utils.randomPrivateKey());
    comet(input).handover![0].validators[4] = {
      pub_key: { type: 'tendermint/PubKeyEd25519', value: toBase64(forged) },
      power: '1',
    };
    expect(step7(input)).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /^hand-over 1 of 2 \(height 10\) new set: the new set hashes to [0-9A-F]{64}, header 9 announced next_validators_hash/,
      ),
    });
    // The walk stops there: the second hand-over is not trusted, so it is not reported as passing.
    expect(step7(input).substeps!.map((s) => s.status)).toEqual(['pass', 'pass', 'fail']);
  });

  it('should fail a hand-over header changed after it was signed, or not made by the trusted set', () => {
    const changed = fakeChainReceipt({ changes: [JOIN] });
    comet(changed).handover![0].header.next_validators_hash = 'AB'.repeat(32);
    expect(step7(changed).detail).toMatch(/header 9 hashes to [0-9A-F]{64}, its commit signed block/);

    const skipped = fakeChainReceipt({ changes: [JOIN, RESHUFFLE] });
    comet(skipped).handover!.shift(); // the first change left out: header 19 was made by the JOIN set
    expect(step7(skipped).detail).toMatch(
      /^hand-over 1 of 1 \(height 20\) header: header 19 was made by set [0-9A-F]{64}, the trusted set is/,
    );
  });

  it('should fail reordered or relabelled signatures in a hand-over commit', () => {
    const reordered = fakeChainReceipt({ changes: [JOIN] });
    const sigs = comet(reordered).handover![0].commit.signatures;
    [sigs[0], sigs[1]] = [sigs[1], sigs[0]];
    expect(step7(reordered).detail).toMatch(
      /commit of height 9: slot 0 belongs to validator .* not in the set's order/,
    );

    const relabelled = fakeChainReceipt({ changes: [JOIN] });
    comet(relabelled).handover![0].commit.signatures[2].block_id_flag = 3;
    expect(step7(relabelled).detail).toMatch(/commit of height 9: slot 2 .* marked as a nil vote/);
  });

  it('should fail at step 7 when the set changed and the receipt carries no hand-over', () => {
    const input = fakeChainReceipt({ changes: [JOIN] });
    delete comet(input).handover;
    const report = verifyReceiptOffline(input);
    expect(report.steps[5].status).toBe('fail'); // 5 signers against the 4 slots of the genesis set
    expect(report.steps[6].detail).toMatch(/the set changed since genesis and the receipt carries no hand-over/);
  });

  it('should fail hand-overs out of height order or after the anchor block', () => {
    const input = fakeChainReceipt({ changes: [JOIN, RESHUFFLE] });
    comet(input).handover![1].height = 10;
    expect(step7(input).detail).toMatch(/^hand-over 2 of 2 \(height 10\): height must be an integer above 10/);

    const late = fakeChainReceipt({ changes: [JOIN] });
    comet(late).handover![0].height = 50;
    expect(step7(late).detail).toMatch(/height 50 is after the anchor block 42/);
  });
});
