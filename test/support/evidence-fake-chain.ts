// An in-process stand-in for the alliance chain: validators with @noble Ed25519 keys sign a block
// holding our checkpoint tx, so receipts can be verified (and tampered with) without a network.
// Validator-set changes are made as a real chain makes them: the outgoing set signs the header
// announcing the incoming one. It signs with the verifier's own encoders, so it checks the verifier's logic, not its CometBFT
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
import {
  CommitSigJson,
  GenesisJson,
  GenesisValidatorJson,
  HeaderJson,
} from '../../src/evidence-chain/verifier/cometbft-json';
import { headerHash } from '../../src/evidence-chain/verifier/header-hash';
import { parseRfc3339 } from '../../src/evidence-chain/verifier/rfc3339-time';
import { CommitJson, ValidatorSetHandover } from '../../src/evidence-chain/verifier/receipt';
import {
  PinnedValidatorSet,
  validatorSetFromGenesis,
  validatorSetFromList,
  validatorSetHash,
} from '../../src/evidence-chain/verifier/validator-set';
import { VerifyInput } from '../../src/evidence-chain/verifier/verify-receipt';
import { evidenceRecord } from './evidence-records';

export interface FakeChainOptions {
  powers?: number[]; // the genesis set: validator i (key `validator i`) has powers[i]
  records?: number;
  leafIndex?: number;
  /** Validators (by key number) that do not sign the anchor block: absent from its commit. */
  absent?: number[];
  /** Validators (by key number) that sign the anchor block as a nil vote (a precommit for no block). */
  nil?: number[];
  ledger?: 'cometbft' | 'local';
  /**
   * Validator-set changes before the anchor block, oldest first: each is the whole new set, as
   * key number -> power. Change k takes effect at height 10 * (k + 1); the last set signs the block.
   */
  changes?: Array<Record<number, number>>;
  /** Per change k: validators (by key number) of the outgoing set that do not sign its hand-over. */
  handoverAbsent?: Record<number, number[]>;
}

const CHAIN_ID = 'fake-alliance';
const ANCHOR_HEIGHT = 42;
const seed = (label: string) => sha256(new TextEncoder().encode(label));
const hex32 = (label: string) => toHex(seed(label)).toUpperCase();
const secretOf = (key: number) => seed(`validator ${key}`);
const hasher = treeHasher(nodeSha256);

function validatorsJson(powers: Record<number, number>): GenesisValidatorJson[] {
  return Object.entries(powers).map(([key, power]) => ({
    pub_key: { type: 'tendermint/PubKeyEd25519', value: toBase64(ed25519.getPublicKey(secretOf(Number(key)))) },
    power: String(power),
    name: `v${key}`,
  }));
}

export function fakeChainReceipt(options: FakeChainOptions = {}): VerifyInput {
  const {
    powers = [1, 1, 1, 1],
    records = 50,
    leafIndex = 17,
    absent = [],
    nil = [],
    ledger = 'cometbft',
    changes = [],
    handoverAbsent = {},
  } = options;
  const regulatorSecret = seed('regulator');
  const genesis: GenesisJson = {
    chain_id: CHAIN_ID,
    validators: validatorsJson(Object.fromEntries(powers.map((p, i) => [i, p]))),
  };

  const log = new MerkleLog(hasher);
  const all = Array.from({ length: records }, (_, i) => evidenceRecord(i));
  for (const r of all) log.append(hasher.leaf(recordContentHash(r, nodeSha256)));
  const signed = signCheckpoint(
    {
      origin: 'fake.bureau/evidence',
      treeSize: records,
      rootHash: toHex(log.root()),
      previous: null,
      issuedAt: '2026-11-25T08:00:00.000Z',
    },
    regulatorSecret,
  );
  const record = all[leafIndex];
  const base = {
    record: {
      kind: record.kind,
      id: record.id,
      contentHash: toHex(recordContentHash(record, nodeSha256)),
      canonicalization: 'jcs' as const,
    },
    log,
    leafIndex,
    signed,
  };
  const input = {
    recordBytes: new TextEncoder().encode(JSON.stringify(record)),
    genesis,
    regulatorKey: ed25519.getPublicKey(regulatorSecret),
  };
  if (ledger === 'local') return { ...input, receipt: assembleReceipt({ ...base, anchor: { ledger: 'local' } }) };

  // Each change: header H-1 made by the outgoing set announces the incoming one, and the outgoing set signs it.
  let set = validatorSetFromGenesis(genesis, hasher);
  const handover: ValidatorSetHandover[] = [];
  for (const [k, change] of changes.entries()) {
    const height = 10 * (k + 1);
    const validators = validatorsJson(change);
    const next = validatorSetFromList(CHAIN_ID, validators, hasher, 'new');
    const header = fakeHeader(height - 1, set, next, hex32(`data ${height - 1}`));
    const commit = signedCommit(set, header, { absent: handoverAbsent[k] ?? [] });
    handover.push({ height, header, commit, validators: validators.map(({ name: _name, ...v }) => v) });
    set = next;
  }

  // A block with our tx between two others, so the tx proof has real aunts.
  const txs = [
    new TextEncoder().encode('name=alice'),
    encodeCheckpointTx(signed),
    new TextEncoder().encode('name=bob'),
  ];
  const txLog = new MerkleLog(hasher);
  for (const tx of txs) txLog.append(hasher.leaf(nodeSha256(tx)));
  const header = fakeHeader(
    ANCHOR_HEIGHT,
    set,
    set,
    toHex(
      merkleRoot(
        txs.map((tx) => hasher.leaf(nodeSha256(tx))),
        hasher,
      ),
    ).toUpperCase(),
  );
  const txHash = nodeSha256(txs[1]);
  const receipt = assembleReceipt({
    ...base,
    anchor: {
      ledger: 'cometbft',
      chainId: genesis.chain_id,
      height: ANCHOR_HEIGHT,
      txHash: toHex(txHash).toUpperCase(),
      tx: toBase64(txs[1]),
      txIndex: 1,
      txTotal: txs.length,
      txAunts: txLog.inclusionProof(1).map(toHex),
      header,
      commit: signedCommit(set, header, { absent, nil }),
      validatorSetHash: header.validators_hash,
      ...(handover.length && { handover }),
    },
  });
  return { ...input, receipt };
}

/** A v0.38 header of `height` made by `set`, announcing `next`. */
function fakeHeader(height: number, set: PinnedValidatorSet, next: PinnedValidatorSet, dataHash: string): HeaderJson {
  return {
    version: { block: '11', app: '1' },
    chain_id: CHAIN_ID,
    height: String(height),
    time: `2026-11-25T08:00:${String(height % 60).padStart(2, '0')}.072681346Z`,
    last_block_id: { hash: hex32(`block ${height - 1}`), parts: { total: 1, hash: hex32(`parts ${height - 1}`) } },
    last_commit_hash: hex32(`last commit ${height}`),
    data_hash: dataHash,
    validators_hash: toHex(validatorSetHash(set, hasher)).toUpperCase(),
    next_validators_hash: toHex(validatorSetHash(next, hasher)).toUpperCase(),
    consensus_hash: hex32('consensus'),
    app_hash: '0000000000000002',
    last_results_hash: hex32('results'),
    evidence_hash: toHex(hasher.emptyRoot()).toUpperCase(),
    proposer_address: set.validators[0].address,
  };
}

/** The canonical commit of a header, one slot per validator of `set` in its order, signed with the validators' keys. */
export function signedCommit(
  set: PinnedValidatorSet,
  header: HeaderJson,
  who: { absent?: number[]; nil?: number[] } = {},
): CommitJson {
  const blockId = {
    hash: toHex(headerHash(header, hasher)).toUpperCase(),
    parts: { total: 1, hash: hex32(`parts ${header.height}`) },
  };
  const height = BigInt(header.height);
  const signatures: CommitSigJson[] = set.validators.map((v, i) => {
    const key = keyOf(v.publicKey);
    if (who.absent?.includes(key))
      return { block_id_flag: 1, validator_address: '', timestamp: '0001-01-01T00:00:00Z', signature: null };
    const isNil = who.nil?.includes(key) ?? false;
    const timestamp = `2026-11-25T08:00:02.${String(100000007 + i * 1000)}Z`;
    const message = precommitSignBytes({
      chainId: CHAIN_ID,
      height,
      round: 0n,
      blockId: isNil ? null : blockId,
      timestamp: parseRfc3339(timestamp),
    });
    return {
      block_id_flag: isNil ? 3 : 2,
      validator_address: v.address,
      timestamp,
      signature: toBase64(ed25519.sign(message, secretOf(key))),
    };
  });
  return { round: 0, blockId, signatures };
}

const keyByPublicKey = new Map<string, number>();
function keyOf(publicKey: Uint8Array): number {
  const hex = toHex(publicKey);
  for (let key = 0; !keyByPublicKey.has(hex) && key < 64; key++)
    keyByPublicKey.set(toHex(ed25519.getPublicKey(secretOf(key))), key);
  const key = keyByPublicKey.get(hex);
  if (key === undefined) throw new Error(`no fake validator key ${hex}`);
  return key;
}
