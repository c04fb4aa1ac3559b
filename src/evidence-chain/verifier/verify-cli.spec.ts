import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toHex } from '../canonical/byte-encoding';
import { fakeChainReceipt } from '../../../test/support/evidence-fake-chain';
import { CometAnchor } from './receipt';
import { VerifyInput } from './verify-receipt';

const ROOT = join(__dirname, '../../..');

/** Runs `npm run verify` (its script, without npm) on the receipt with only genesis and the regulator key pinned. */
async function verifyCli(input: VerifyInput): Promise<{ code: number; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'verify-cli-'));
  try {
    const file = (name: string, content: string | Uint8Array) => (
      writeFileSync(join(dir, name), content),
      join(dir, name)
    );
    const args = [
      '-r',
      '@swc-node/register',
      'src/evidence-chain/verifier/verify.cli.ts',
      '--record',
      file('record.json', input.recordBytes),
      '--receipt',
      file('receipt.json', JSON.stringify(input.receipt)),
      '--genesis',
      file('genesis.json', JSON.stringify(input.genesis)),
      '--regulator-key',
      toHex(input.regulatorKey),
    ];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '' };
  } finally {
    rmSync(dir, { recursive: true });
  }
}

const THREE_CHANGES: Array<Record<number, number>> = [
  { 0: 1, 1: 1, 2: 1, 3: 1, 4: 1 },
  { 1: 2, 2: 1, 3: 1, 4: 1, 5: 3 },
  { 4: 1, 5: 1, 6: 1, 7: 1 },
];

describe('npm run verify', () => {
  jest.setTimeout(30_000);

  it('should verify a receipt across 3 validator-set changes with only genesis pinned, printing each hand-over check', async () => {
    const { code, stdout } = await verifyCli(fakeChainReceipt({ changes: THREE_CHANGES }));
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^ ✓ 7\. validator set trusted from genesis: genesis validator set, then 3 hand-overs \(heights 10, 20, 30\)$/m,
    );
    for (const k of [1, 2, 3]) {
      for (const check of ['header', 'commit', 'new set'])
        expect(stdout).toMatch(new RegExp(`^ {5}✓ hand-over ${k} of 3 \\(height ${k * 10}\\) ${check}: `, 'm'));
    }
    expect(stdout).toMatch(/ - 8\. cross-check with a validator RPC \(skipped\): no RPC given/);
    expect(stdout.trim().split('\n').at(-1)).toBe('VERIFIED');
  });

  it('should exit 1 and mark the failing hand-over when its new set was forged', async () => {
    const input = fakeChainReceipt({ changes: THREE_CHANGES });
    (input.receipt.anchor as CometAnchor).handover![1].validators[0].power = '9';
    const { code, stdout } = await verifyCli(input);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ {5}✗ hand-over 2 of 3 \(height 20\) new set: the new set hashes to/m);
    expect(stdout).not.toMatch(/hand-over 3 of 3/);
    expect(stdout.trim().split('\n').at(-1)).toBe('NOT VERIFIED');
  });
});
