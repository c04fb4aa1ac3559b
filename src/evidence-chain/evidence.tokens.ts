/** The Ledger the anchor role writes to (CometBFT or local). */
export const LEDGER = Symbol('LEDGER');
/** The regulator's Ed25519 secret key (32 bytes) that signs checkpoints. */
export const REGULATOR_KEY = Symbol('REGULATOR_KEY');
