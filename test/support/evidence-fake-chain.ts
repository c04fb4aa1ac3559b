// An in-process stand-in for the alliance chain: validators with @noble Ed25519 keys sign a block
// holding our checkpoint tx, so receipts can be verified (and tampered with) without a network.
// It signs with the verifier's own encoders, so it checks the verifier's logic, not its CometBFT
// byte layout: that is what the real-chain fixture in test/fixtures/evidence/ is for.
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';
import { toBase64, toHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { recordContentHash } from '../../src/evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../src/evidence-chain/canonical/sha256-node';
import { treeHasher } from '../../src/evidence-chain/canonical/tree-hasher';
import { signCheckpoint } from '../../src/evidence-chain/checkpoint/checkpoint-signature';
import { encodeCheckpointTx } from '../../src/evidence-chain/checkpoint/checkpoint-tx';
import { MerkleLog } from '../../src/evidence-chain/merkle/merkle-log';
import { merkleRoot } from '../../src/evidence-chain/merkle/tree-math';
import { assembleReceipt } from '../../src/evidence-chain/verifier/assemble-receipt';
import { precommitSignBytes } from '../../src/evidence-chain/verifier/canonical-vote';
import { CommitSigJson, GenesisJson, HeaderJson } from '../../src/evidence-chain/verifier/cometbft-json';
import { headerHash } from '../../src/evidence-chain/verifier/header-hash';
import { parseRfc3339 } from '../../src/evidence-chain/verifier/rfc3339-time';
import { validatorSetFromGenesis, validatorSetHash } from '../../src/evidence-chain/verifier/validator-set';
import { VerifyInput } from '../../src/evidence-chain/verifier/verify-receipt';
import { evidenceRecord } from './evidence-records';

export interface FakeChainOptions {
  powers?: number[]; // one validator per entry
  records?: number;
  leafIndex?: number;
  /** Validators (by position in `powers`) that do not sign: absent from the commit. */
  absent?: number[];
  ledger?: 'cometbft' | 'local';
}

const seed = (label: string) => sha256(new TextEncoder().encode(label));
const hex32 = (label: string) => toHex(seed(label)).toUpperCase();

export function fakeChainReceipt(options: FakeChainOptions = {}): VerifyInput {
  const { powers = [1, 1, 1, 1], records = 50, leafIndex = 17, absent = [], ledger = 'cometbft' } = options;
  const hasher = treeHasher(nodeSha256);
  const regulatorSecret = seed('regulator');
  const validatorSecrets = powers.map((_, i) => seed(`validator ${i}`));
  const genesis: GenesisJson = {
    chain_id: 'fake-alliance',
    validators: validatorSecrets.map((sk, i) => ({ pub_key: { type: 'tendermint/PubKeyEd25519', value: toBase64(ed25519.getPublicKey(sk)) }, power: String(powers[i]), name: `v${i}` })),
  };

  const log = new MerkleLog(hasher);
  const all = Array.from({ length: records }, (_, i) => evidenceRecord(i));
  for (const r of all) log.append(hasher.leaf(recordContentHash(r, nodeSha256)));
  const signed = signCheckpoint({ origin: 'fake.bureau/evidence', treeSize: records, rootHash: toHex(log.root()), previous: null, issuedAt: '2026-11-25T08:00:00.000Z' }, regulatorSecret);
  const record = all[leafIndex];
  const base = {
    record: { kind: record.kind, id: record.id, contentHash: toHex(recordContentHash(record, nodeSha256)), canonicalization: 'jcs' as const },
    log,
    leafIndex,
    signed,
  };
  const input = { recordBytes: new TextEncoder().encode(JSON.stringify(record)), genesis, regulatorKey: ed25519.getPublicKey(regulatorSecret) };
  if (ledger === 'local') return { ...input, receipt: assembleReceipt({ ...base, anchor: { ledger: 'local' } }) };

  // A block with our tx between two others, so the tx proof has real aunts.
  const txs = [new TextEncoder().encode('name=alice'), encodeCheckpointTx(signed), new TextEncoder().encode('name=bob')];
  const txLog = new MerkleLog(hasher);
  for (const tx of txs) txLog.append(hasher.leaf(nodeSha256(tx)));
  const set = validatorSetFromGenesis(genesis, hasher);
  const header: HeaderJson = {
    version: { block: '11', app: '1' },
    chain_id: genesis.chain_id,
    height: '42',
    time: '2026-11-25T08:00:01.072681346Z',
    last_block_id: { hash: hex32('block 41'), parts: { total: 1, hash: hex32('parts 41') } },
    last_commit_hash: hex32('last commit'),
    data_hash: toHex(merkleRoot(txs.map((tx) => hasher.leaf(nodeSha256(tx))), hasher)).toUpperCase(),
    validators_hash: toHex(validatorSetHash(set, hasher)).toUpperCase(),
    next_validators_hash: toHex(validatorSetHash(set, hasher)).toUpperCase(),
    consensus_hash: hex32('consensus'),
    app_hash: '0000000000000002',
    last_results_hash: hex32('results'),
    evidence_hash: toHex(hasher.emptyRoot()).toUpperCase(),
    proposer_address: set.validators[0].address,
  };
  const blockId = { hash: toHex(headerHash(header, hasher)).toUpperCase(), parts: { total: 1, hash: hex32('parts 42') } };
  const signatures: CommitSigJson[] = set.validators.map((v, i) => {
    const index = validatorSecrets.findIndex((sk) => toHex(ed25519.getPublicKey(sk)) === toHex(v.publicKey));
    if (absent.includes(index)) return { block_id_flag: 1, validator_address: '', timestamp: '0001-01-01T00:00:00Z', signature: null };
    const timestamp = `2026-11-25T08:00:02.${String(100000007 + i * 1000)}Z`;
    const message = precommitSignBytes({ chainId: genesis.chain_id, height: 42n, round: 0n, blockId, timestamp: parseRfc3339(timestamp) });
    return { block_id_flag: 2, validator_address: v.address, timestamp, signature: toBase64(ed25519.sign(message, validatorSecrets[index])) };
  });
  const txHash = nodeSha256(txs[1]);
  const receipt = assembleReceipt({
    ...base,
    anchor: {
      ledger: 'cometbft',
      chainId: genesis.chain_id,
      height: 42,
      txHash: toHex(txHash).toUpperCase(),
      tx: toBase64(txs[1]),
      txIndex: 1,
      txTotal: txs.length,
      txAunts: txLog.inclusionProof(1).map(toHex),
      header,
      commit: { round: 0, blockId, signatures },
      validatorSetHash: header.validators_hash,
    },
  });
  return { ...input, receipt };
}
