/** Outcome of checking a proof: a failure says why, for the receipt verifier to report. */
export type ProofCheck = { ok: true } | { ok: false; reason: string };

export const PROOF_OK: ProofCheck = { ok: true };

export function proofFailure(reason: string): ProofCheck {
  return { ok: false, reason };
}
