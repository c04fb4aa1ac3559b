// Offline verification of a receipt crossing validator-set changes (target: < 20 ms across 3), the
// cost an outsider pays with `npm run verify` and only genesis pinned. Synthetic chain, real crypto.
// Run: npm run bench -- chain-verify
import { loadavg } from 'node:os';
import { CometAnchor } from '../../src/evidence-chain/verifier/receipt';
import { VerifyInput, verifyReceiptOffline } from '../../src/evidence-chain/verifier/verify-receipt';
import { fakeChainReceipt } from '../support/evidence-fake-chain';

const RUNS = 200;
const WARM_UP = 20;

/** A set of `size` validators starting at key `first`, power 1 each. */
const set = (first: number, size: number) => Object.fromEntries(Array.from({ length: size }, (_, i) => [first + i, 1]));

export async function run(): Promise<void> {
  const cases: Array<[string, VerifyInput]> = [
    ['no hand-over, 4 validators', fakeChainReceipt()],
    ['3 hand-overs, sets of 4-5 validators', fakeChainReceipt({ changes: [set(0, 5), set(1, 5), set(4, 4)] })],
    [
      '3 hand-overs, sets of 16-20 validators',
      fakeChainReceipt({ powers: Array(16).fill(1), changes: [set(0, 20), set(4, 20), set(8, 16)] }),
    ],
  ];
  const rows: Array<{ what: string; wall: string; cpu: string; size: string }> = [];
  for (const [what, input] of cases) {
    const handovers = (input.receipt.anchor as CometAnchor).handover?.length ?? 0;
    for (let i = 0; i < WARM_UP; i++) check(input);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) check(input);
    const wallUs = ((performance.now() - t0) * 1000) / RUNS;
    const cpu = process.cpuUsage(cpu0);
    const cpuUs = (cpu.user + cpu.system) / RUNS;
    rows.push({
      what: `${what} (${handovers} hand-overs)`,
      wall: `${Math.round(wallUs).toLocaleString('en')} µs`,
      cpu: `${Math.round(cpuUs).toLocaleString('en')} µs`,
      size: `${(JSON.stringify(input.receipt).length / 1024).toFixed(1)} KB`,
    });
  }
  console.table(rows);
  console.log(`per receipt, ${RUNS} runs each after ${WARM_UP} to warm up; target < 20 ms across 3 hand-overs`);
  console.log(`load average ${loadavg()[0].toFixed(1)}: with other work on the cores, wall time exceeds CPU time`);
}

function check(input: VerifyInput): void {
  if (!verifyReceiptOffline(input).ok) throw new Error('the benchmark receipt does not verify');
}
