/** CheckTx / ProcessProposal / FinalizeBlock result codes (0 = accepted), with the log saying why. */
export const TX_CODES = {
  notLedgerTx: 1,
  malformedCheckpoint: 2,
  wrongRegulatorKey: 3,
  notExtending: 4,
  inconsistent: 5,
  staleProofBase: 6,
  brokenChain: 7,
  malformedProposal: 10,
  expired: 11,
  replayed: 12,
  notEnoughPower: 13,
  badSignature: 14,
  unknownCheckpoint: 20,
  badCosignature: 21,
  duplicateCosignature: 22,
} as const;

export type TxCode = (typeof TX_CODES)[keyof typeof TX_CODES];

/** A refused transaction: the code CometBFT reports and a log a person can act on. */
export class TxRefused extends Error {
  constructor(
    readonly code: TxCode,
    message: string,
  ) {
    super(message);
    this.name = 'TxRefused';
  }
}
