// CometBFT v0.38 JSON, exactly as its RPC returns it (int64 as strings, hashes as upper-case hex,
// signatures and keys as base64). Receipts carry these verbatim so nothing is lost in translation.

export interface BlockIdJson {
  hash: string;
  parts: { total: number; hash: string };
}

export interface HeaderJson {
  version: { block: string; app?: string };
  chain_id: string;
  height: string;
  time: string; // RFC 3339 with nanoseconds
  last_block_id: BlockIdJson;
  last_commit_hash: string;
  data_hash: string;
  validators_hash: string;
  next_validators_hash: string;
  consensus_hash: string;
  app_hash: string;
  last_results_hash: string;
  evidence_hash: string;
  proposer_address: string;
}

/** BlockIDFlag: 1 absent, 2 commit (voted for this block), 3 nil (voted for no block). */
export const BLOCK_ID_FLAG_ABSENT = 1;
export const BLOCK_ID_FLAG_COMMIT = 2;
export const BLOCK_ID_FLAG_NIL = 3;

export interface CommitSigJson {
  block_id_flag: number;
  validator_address: string;
  timestamp: string;
  signature: string | null;
}

/** A validator as genesis.json and the receipt's hand-over sets list it (/validators says voting_power). */
export interface GenesisValidatorJson {
  address?: string;
  pub_key: { type: string; value: string };
  power: string;
  name?: string;
}

/** The fields of genesis.json the verifier pins: the chain's name and its initial validators. */
export interface GenesisJson {
  chain_id: string;
  validators: GenesisValidatorJson[];
}
