import { GenesisJson } from './cometbft-json';
import { crossCheckHeader } from './header-cross-check';
import { checkSubmission } from './submission-check';
import { Receipt } from './receipt';
import { PinnedValidatorSet, validatorSetFromGenesis } from './validator-set';
import { STEP_TITLES, StepNumber, StepResult, SubstepResult, VerificationReport } from './verification-report';
import {
  StepOutcome,
  checkCheckpoint,
  checkCommit,
  checkContentHash,
  checkHeader,
  checkInclusion,
  checkTxInBlock,
  checkValidatorSet,
  nobleHasher,
} from './verify-steps';

/** What the verifier trusts, each from outside the receipt. */
export interface VerifyInput {
  receipt: Receipt;
  /** The record exactly as held: JSON text for `jcs` records, the file for `raw` documents. */
  recordBytes: Uint8Array;
  /** The chain's published genesis: pins the chain id and the first validator set; later sets are trusted through the receipt's hand-overs. */
  genesis: GenesisJson;
  /** The regulator's published Ed25519 public key (32 bytes) - never taken from the receipt. */
  regulatorKey: Uint8Array;
  /** The salt the push answer returned: opens the commitment to the bytes the firm sent. */
  salt?: Uint8Array;
  /** The firm's signing public key, to check its signature on the submission. */
  firmKey?: Uint8Array;
}

const LOCAL_LIMITATIONS = [
  'This receipt is anchored only in the regulator\'s own signed log (ledger "local"), not on the alliance chain.',
  'It proves the record is in a log whose root the regulator signed; it does NOT prove when, nor that the regulator could not have re-signed a different history: no independent validators attest to it.',
];

/** Steps 1-7: everything provable offline from the record, the receipt, genesis and the regulator key. */
export function verifyReceiptOffline(input: VerifyInput): VerificationReport {
  const { receipt, recordBytes, genesis, regulatorKey } = input;
  const steps: StepResult[] = [];
  const run = (
    step: StepNumber,
    check: () => StepOutcome | { outcome: StepOutcome; detail: string; substeps?: SubstepResult[] },
    passDetail = 'ok',
  ) => {
    try {
      const result = check();
      const { outcome, detail, substeps } =
        typeof result === 'object' && result !== null
          ? result
          : { outcome: result, detail: passDetail, substeps: undefined };
      steps.push({
        step,
        title: STEP_TITLES[step],
        status: outcome === null ? 'pass' : 'fail',
        detail: outcome ?? detail,
        ...(substeps?.length && { substeps }),
      });
    } catch (error) {
      steps.push({
        step,
        title: STEP_TITLES[step],
        status: 'fail',
        detail: `malformed input: ${(error as Error).message}`,
      });
    }
  };
  const skip = (step: StepNumber, detail: string) =>
    steps.push({ step, title: STEP_TITLES[step], status: 'skipped', detail });

  const submission = receipt.record?.submission;
  run(1, () =>
    submission
      ? checkSubmission({
          contentHash: receipt.record.contentHash,
          submission,
          recordBytes,
          salt: input.salt,
          firmKey: input.firmKey,
        })
      : checkContentHash(receipt, recordBytes),
  );
  run(
    2,
    () => checkInclusion(receipt),
    `leaf ${receipt.inclusion?.leafIndex} of ${receipt.inclusion?.treeSize} reaches the signed root`,
  );
  run(3, () => checkCheckpoint(receipt, regulatorKey), 'signed by the pinned regulator key');

  const anchor = receipt.anchor;
  if (anchor?.ledger === 'local') {
    for (const step of [4, 5, 6, 7, 8] as const) skip(step, 'local receipt: there is no independent chain to check');
    return { ok: steps.every((s) => s.status !== 'fail'), steps, limitations: LOCAL_LIMITATIONS };
  }
  if (anchor?.ledger !== 'cometbft') {
    run(4, () => `unknown ledger '${(anchor as { ledger?: string } | undefined)?.ledger}': expected cometbft or local`);
    for (const step of [5, 6, 7, 8] as const) skip(step, 'no chain anchor to check');
    return { ok: false, steps, limitations: [] };
  }

  let set: PinnedValidatorSet | undefined;
  let genesisProblem = '';
  try {
    set = validatorSetFromGenesis(genesis, nobleHasher);
  } catch (error) {
    genesisProblem = `genesis: ${(error as Error).message}`;
  }
  const withSet =
    <T>(check: (s: PinnedValidatorSet) => T) =>
    () =>
      set ? check(set) : genesisProblem;
  run(4, () => checkTxInBlock(anchor), `tx ${anchor.txIndex + 1} of ${anchor.txTotal} in block ${anchor.height}`);
  run(
    5,
    withSet((s) => checkHeader(anchor, s)),
    `block ${anchor.commit?.blockId?.hash} at height ${anchor.height} of ${anchor.chainId}`,
  );
  run(
    6,
    withSet((s) => checkCommit(anchor, s)),
  );
  run(
    7,
    withSet((s) => checkValidatorSet(anchor, s)),
  );
  skip(8, 'no RPC given');
  return { ok: steps.every((s) => s.status !== 'fail'), steps, limitations: [] };
}

/** All 8 steps; step 8 asks each given validator RPC for the block at the anchor height. */
export async function verifyReceipt(input: VerifyInput, rpcUrls: string[] = []): Promise<VerificationReport> {
  const report = verifyReceiptOffline(input);
  const anchor = input.receipt.anchor;
  if (rpcUrls.length === 0 || anchor?.ledger !== 'cometbft') return report;
  const problems = (await Promise.all(rpcUrls.map((url) => crossCheckHeader(anchor, url)))).filter(
    (p): p is string => p !== null,
  );
  const step8: StepResult = {
    step: 8,
    title: STEP_TITLES[8],
    status: problems.length ? 'fail' : 'pass',
    detail: problems.length ? problems.join('; ') : `${rpcUrls.length} RPC endpoint(s) serve the same block`,
  };
  const steps = report.steps.map((s) => (s.step === 8 ? step8 : s));
  return { ...report, steps, ok: steps.every((s) => s.status !== 'fail') };
}
