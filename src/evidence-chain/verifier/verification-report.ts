export type StepNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface StepResult {
  step: StepNumber;
  title: string;
  status: 'pass' | 'fail' | 'skipped';
  detail: string;
  /** The checks a step is made of, when it has several (step 7: each validator-set hand-over). */
  substeps?: SubstepResult[];
}

export interface SubstepResult {
  label: string;
  status: 'pass' | 'fail' | 'skipped';
  detail: string;
}

export interface VerificationReport {
  /** True only when no step failed and every step the ledger needs has passed. */
  ok: boolean;
  steps: StepResult[];
  /** What this receipt cannot prove, stated plainly (e.g. for a `local` receipt). */
  limitations: string[];
}

export const STEP_TITLES: Record<StepNumber, string> = {
  1: 'record content hash',
  2: 'inclusion in the evidence log',
  3: 'signed checkpoint anchored in the tx',
  4: 'tx included in the block (data_hash)',
  5: 'block header hash, chain and height',
  6: 'validator signatures (> 2/3 power)',
  7: 'validator set trusted from genesis',
  8: 'cross-check with a validator RPC',
};

export function firstFailedStep(report: VerificationReport): StepNumber | null {
  return report.steps.find((s) => s.status === 'fail')?.step ?? null;
}
