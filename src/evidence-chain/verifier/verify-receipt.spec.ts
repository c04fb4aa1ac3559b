import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex } from '../canonical/byte-encoding';
import { evidenceRecord } from '../../../test/support/evidence-records';
import { fakeChainReceipt } from '../../../test/support/evidence-fake-chain';
import { GenesisJson } from './cometbft-json';
import { CometAnchor, Receipt } from './receipt';
import { firstFailedStep } from './verification-report';
import { VerifyInput, verifyReceiptOffline } from './verify-receipt';

const statuses = (input: VerifyInput) => verifyReceiptOffline(input).steps.map((s) => s.status);
const comet = (input: VerifyInput) => input.receipt.anchor as CometAnchor;

describe(verifyReceiptOffline.name, () => {
  it('should pass steps 1-7 of a receipt saved from the real 4-validator chain when checked offline', () => {
    const dir = join(__dirname, '../../../test/fixtures/evidence');
    const input: VerifyInput = {
      receipt: JSON.parse(readFileSync(join(dir, 'receipt.json'), 'utf8')) as Receipt,
      recordBytes: readFileSync(join(dir, 'record.json')),
      genesis: JSON.parse(readFileSync(join(dir, 'genesis.json'), 'utf8')) as GenesisJson,
      regulatorKey: fromHex(readFileSync(join(dir, 'regulator-key.hex'), 'utf8').trim()),
    };
    const report = verifyReceiptOffline(input);
    expect(report.steps.map((s) => s.status)).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
      'skipped',
    ]);
    expect(report.ok).toBe(true);
  });

  it('should pass a receipt from the in-process chain when nothing was changed', () => {
    const report = verifyReceiptOffline(fakeChainReceipt());
    expect(report.ok).toBe(true);
    expect(report.steps[5].detail).toBe('4 validators, 4/4 voting power');
  });

  it('should verify steps 1-3 of a local receipt and say what it does not prove', () => {
    const report = verifyReceiptOffline(fakeChainReceipt({ ledger: 'local' }));
    expect(report.steps.map((s) => s.status)).toEqual([
      'pass',
      'pass',
      'pass',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(report.ok).toBe(true);
    expect(report.limitations.join(' ')).toMatch(/re-signed a different history/);
  });

  it('should accept exactly 3 of 4 equal validators and refuse 2 of 4', () => {
    expect(verifyReceiptOffline(fakeChainReceipt({ absent: [3] })).ok).toBe(true);
    const report = verifyReceiptOffline(fakeChainReceipt({ absent: [2, 3] }));
    expect(firstFailedStep(report)).toBe(6);
    expect(report.steps[5].detail).toMatch(/only 2 of 4 voting power/);
  });

  it('should weigh signatures by voting power when the powers differ', () => {
    expect(verifyReceiptOffline(fakeChainReceipt({ powers: [10, 1, 1, 1], absent: [1, 2, 3] })).ok).toBe(true);
    expect(firstFailedStep(verifyReceiptOffline(fakeChainReceipt({ powers: [10, 1, 1, 1], absent: [0] })))).toBe(6);
  });

  it('should check nil votes without counting them and should refuse a validator signing twice', () => {
    expect(verifyReceiptOffline(fakeChainReceipt({ nil: [3] })).steps[5]).toMatchObject({
      status: 'pass',
      detail: '3 validators, 3/4 voting power, 1 nil vote checked',
    });
    expect(verifyReceiptOffline(fakeChainReceipt({ nil: [2, 3] })).steps[5].detail).toMatch(/only 2 of 4/);

    const relabelled = fakeChainReceipt();
    comet(relabelled).commit.signatures[3].block_id_flag = 3;
    expect(verifyReceiptOffline(relabelled).steps[5]).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/marked as a nil vote but its signature does not verify/),
    });

    const twice = fakeChainReceipt({ absent: [3] });
    const sigs = comet(twice).commit.signatures;
    sigs[sigs.findIndex((s) => s.block_id_flag === 1)] = { ...sigs[0] };
    expect(verifyReceiptOffline(twice).steps[5].detail).toMatch(/signed twice/);
  });

  it('should fail at step 1 when the record is a different record', () => {
    const input = fakeChainReceipt();
    input.recordBytes = new TextEncoder().encode(JSON.stringify(evidenceRecord(18)));
    expect(statuses(input)).toEqual(['fail', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'skipped']);
  });

  it('should accept a record re-serialised with other key order and whitespace (JCS)', () => {
    const input = fakeChainReceipt();
    const record = JSON.parse(new TextDecoder().decode(input.recordBytes)) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(record).reverse());
    input.recordBytes = new TextEncoder().encode(JSON.stringify(reordered, null, 4));
    expect(verifyReceiptOffline(input).ok).toBe(true);
  });

  it('should fail at step 2 when a consistency proof does not extend the earlier tree', () => {
    const input = fakeChainReceipt();
    input.receipt.consistency = { fromTreeSize: 20, fromRootHash: 'ab'.repeat(32), proof: ['cd'.repeat(32)] };
    expect(verifyReceiptOffline(input).steps[1]).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/consistency with the earlier tree/),
    });
  });

  it('should fail at step 3 when the receipt carries a checkpoint other than the anchored one', () => {
    const input = fakeChainReceipt();
    input.receipt.inclusion.checkpoint = {
      ...input.receipt.inclusion.checkpoint,
      issuedAt: '2026-11-25T09:00:00.000Z',
    };
    expect(verifyReceiptOffline(input).steps[2].detail).toMatch(/differs from the one anchored/);
  });

  it('should fail at step 5 when the header is from another chain than genesis pins', () => {
    const input = fakeChainReceipt();
    input.genesis = { ...input.genesis, chain_id: 'other-chain' };
    const report = verifyReceiptOffline(input);
    expect(firstFailedStep(report)).toBe(5);
    expect(report.steps[4].detail).toMatch(/genesis pins 'other-chain'/);
  });

  it('should fail at step 7 only when genesis pins the same keys with other powers', () => {
    const input = fakeChainReceipt({ powers: [2, 2, 2, 2] });
    input.genesis = { ...input.genesis, validators: input.genesis.validators.map((v) => ({ ...v, power: '3' })) };
    expect(firstFailedStep(verifyReceiptOffline(input))).toBe(7);
  });

  it('should report a malformed receipt at the step that reads the broken field instead of throwing', () => {
    const input = fakeChainReceipt();
    delete (comet(input) as Partial<CometAnchor>).header;
    const report = verifyReceiptOffline(input);
    expect(report.ok).toBe(false);
    expect(report.steps[3]).toMatchObject({ status: 'fail', detail: expect.stringMatching(/malformed input/) });
  });
});
