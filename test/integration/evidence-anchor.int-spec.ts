import { ed25519 } from '@noble/curves/ed25519';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fromBase64, toBase64, toHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { recordContentHash } from '../../src/evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../src/evidence-chain/canonical/sha256-node';
import { treeHasher } from '../../src/evidence-chain/canonical/tree-hasher';
import { AnchorNotReady, buildCometAnchor } from '../../src/evidence-chain/chain/anchor-receipt';
import { CometRpcClient } from '../../src/evidence-chain/chain/cometbft-rpc';
import { ValidatorHandovers } from '../../src/evidence-chain/chain/validator-handovers';
import { signCheckpoint } from '../../src/evidence-chain/checkpoint/checkpoint-signature';
import { encodeCheckpointTx } from '../../src/evidence-chain/checkpoint/checkpoint-tx';
import { MerkleLog } from '../../src/evidence-chain/merkle/merkle-log';
import { assembleReceipt } from '../../src/evidence-chain/verifier/assemble-receipt';
import {
  BLOCK_ID_FLAG_COMMIT,
  BLOCK_ID_FLAG_NIL,
  CommitSigJson,
  GenesisJson,
} from '../../src/evidence-chain/verifier/cometbft-json';
import { CometAnchor, Receipt } from '../../src/evidence-chain/verifier/receipt';
import {
  validatorSetFromGenesis,
  validatorSetFromList,
  validatorSetHash,
} from '../../src/evidence-chain/verifier/validator-set';
import { firstFailedStep } from '../../src/evidence-chain/verifier/verification-report';
import { VerifyInput, verifyReceipt, verifyReceiptOffline } from '../../src/evidence-chain/verifier/verify-receipt';
import { evidenceRecord } from '../support/evidence-records';
import { regulatorSecret } from '../support/evidence';
import { testServices } from '../support/services';
import { waitFor } from '../support/wait-for';

const FIXTURES = join(__dirname, '../fixtures/evidence');
const RECORDS = 300;
const LEAF = 137;

describe('evidence anchoring on the CometBFT alliance chain', () => {
  const services = testServices();
  const rpc = new CometRpcClient(services.cometbftRpc);
  const genesis = JSON.parse(readFileSync(services.cometbftGenesis, 'utf8')) as GenesisJson;
  const secretKey = regulatorSecret();
  const regulatorKey = ed25519.getPublicKey(secretKey);
  let valid: VerifyInput;

  beforeAll(async () => {
    const hasher = treeHasher(nodeSha256);
    const log = new MerkleLog(hasher);
    const records = Array.from({ length: RECORDS }, (_, i) => evidenceRecord(i));
    for (const record of records) log.append(hasher.leaf(recordContentHash(record, nodeSha256)));

    // A fresh origin per run: the mempool refuses a tx it has seen, and keys stay distinct.
    const origin = `test.evidence-anchor.${randomBytes(4).toString('hex')}`;
    const signed = signCheckpoint(
      { origin, treeSize: RECORDS, rootHash: toHex(log.root()), previous: null, issuedAt: new Date().toISOString() },
      secretKey,
    );
    const submitted = await rpc.only(services.cometbftRpc[0]).broadcastTxSync(encodeCheckpointTx(signed));
    expect(submitted).toMatchObject({ code: 0 });

    const anchor = await waitFor(
      `checkpoint tx ${submitted.hash} to be committed and its block's commit to be canonical (block H+1)`,
      () =>
        buildCometAnchor(rpc, submitted.hash).catch((error: unknown) =>
          error instanceof AnchorNotReady ? undefined : Promise.reject(error),
        ),
      30000,
      200,
    );
    const record = records[LEAF];
    const receipt = assembleReceipt({
      record: {
        kind: record.kind,
        id: record.id,
        contentHash: toHex(recordContentHash(record, nodeSha256)),
        canonicalization: 'jcs',
      },
      log,
      leafIndex: LEAF,
      signed,
      anchor,
    });
    valid = { receipt, recordBytes: new TextEncoder().encode(JSON.stringify(record, null, 2)), genesis, regulatorKey };
    saveFixtures(valid);
  });

  it('should verify all 8 steps of a receipt from the real chain when nothing was changed', async () => {
    const report = await verifyReceipt(valid, [services.cometbftRpc[0]]);
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => [n, 'pass']));
    expect(report.ok).toBe(true);
  });

  it('should carry a hand-over for each validator-set change before its block, and none on a chain that never changed', async () => {
    // The governance fault tests change powers and restore them; a re-run of the suite on the same
    // network sees those changes, a fresh network none.
    const { changes } = JSON.parse(
      new TextDecoder().decode((await rpc.abciQuery('/valset/changes', new Uint8Array())).value),
    ) as { changes: Array<{ height: string }> };
    const before = changes.map((c) => Number(c.height)).filter((h) => h <= comet(valid).height);
    expect((comet(valid).handover ?? []).map((h) => h.height)).toEqual(before);
    const header = (await rpc.headers(comet(valid).height, comet(valid).height))[0];
    expect((await new ValidatorHandovers(rpc).upTo(header)).map((h) => h.height)).toEqual(before);
    const step7 = verifyReceiptOffline(valid).steps[6];
    expect(step7.status).toBe('pass');
    if (before.length === 0) expect(step7.detail).toBe('genesis validator set');
  });

  it("should verify hand-overs built from the real chain's commits and /validators, and fail one relabelled or forged", async () => {
    // The set never changed, so these hand-overs hand trust from the genesis set to itself: redundant
    // but valid, and they run real headers, commits and /validators answers through step 7.
    const handovers = new ValidatorHandovers(rpc);
    const heights = [comet(valid).height - 5, comet(valid).height - 2];
    const input: VerifyInput = { ...valid, receipt: structuredClone(valid.receipt) };
    comet(input).handover = await Promise.all(heights.map((h) => handovers.handoverAt(h)));
    const report = verifyReceiptOffline(input);
    expect(report.ok).toBe(true);
    expect(report.steps[6].substeps!.map((s) => s.status)).toEqual(Array(7).fill('pass'));

    const relabelled = structuredClone(input);
    const sigs = comet(relabelled).handover![1].commit.signatures;
    sigs.find((s) => s.block_id_flag === BLOCK_ID_FLAG_COMMIT)!.block_id_flag = BLOCK_ID_FLAG_NIL;
    expect(verifyReceiptOffline(relabelled).steps[6].detail).toMatch(
      new RegExp(
        `^hand-over 2 of 2 \\(height ${heights[1]}\\) commit: commit of height ${heights[1] - 1}: slot \\d .* marked as a nil vote`,
      ),
    );

    const forged = structuredClone(input);
    comet(forged).handover![0].validators[0].power = '100';
    expect(verifyReceiptOffline(forged).steps[6].detail).toMatch(
      /^hand-over 1 of 2 .* new set: the new set hashes to [0-9A-F]{64}, header \d+ announced next_validators_hash/,
    );
  });

  it('should answer the same validator set from /validators as genesis pins', async () => {
    const set = await rpc.validatorsAt(comet(valid).height);
    const pinned = validatorSetFromGenesis(genesis, treeHasher(nodeSha256));
    const fromRpc = validatorSetFromList(genesis.chain_id, set, treeHasher(nodeSha256), 'rpc validator');
    expect(toHex(validatorSetHash(fromRpc, treeHasher(nodeSha256)))).toBe(
      toHex(validatorSetHash(pinned, treeHasher(nodeSha256))),
    );
  });

  it('should agree with each of the 4 validators when cross-checking the block', async () => {
    expect(services.cometbftRpc).toHaveLength(4);
    for (const url of services.cometbftRpc) {
      const report = await verifyReceipt(valid, [url]);
      expect(report.steps.find((s) => s.step === 8)).toMatchObject({ status: 'pass' });
    }
  });

  it('should print 8 passed steps and exit 0 when the verify CLI checks the receipt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidence-cli-'));
    const files = writeReceiptFiles(dir, valid);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'src/evidence-chain/verifier/verify.cli.ts',
        '--record',
        files.record,
        '--receipt',
        files.receipt,
        '--genesis',
        files.genesis,
        '--regulator-key',
        toHex(regulatorKey),
        '--rpc',
        services.cometbftRpc[1],
      ],
      { cwd: join(__dirname, '../..') },
    );
    rmSync(dir, { recursive: true });
    expect(stdout.match(/^ ✓ \d\. /gm)).toHaveLength(8);
    expect(stdout).toMatch(/^ {5}✓ anchor block: block \d+ was made by the trusted set [0-9A-F]{64}$/m);
    expect(stdout).toContain('VERIFIED');
  });

  const cases: Array<[number, string, (input: VerifyInput) => void]> = [
    [1, 'one changed byte in the record', (i) => (i.recordBytes = replaceFirst(i.recordBytes, 'B', 'C'))],
    [
      2,
      'one changed audit-path hash',
      (i) => (i.receipt.inclusion.auditPath[3] = flipHex(i.receipt.inclusion.auditPath[3])),
    ],
    [2, 'a changed root hash', (i) => (i.receipt.inclusion.rootHash = flipHex(i.receipt.inclusion.rootHash))],
    [
      3,
      'one changed byte in the anchored tx',
      (i) => (comet(i).tx = toBase64(replaceFirst(fromBase64(comet(i).tx), 'e', 'f'))),
    ],
    [
      3,
      'a key that is not the pinned regulator key',
      (i) => (i.regulatorKey = ed25519.getPublicKey(ed25519.utils.randomPrivateKey())),
    ],
    [4, 'an extra hash in the tx proof (txAunts)', (i) => (comet(i).txAunts = [...comet(i).txAunts, 'ab'.repeat(32)])],
    [
      5,
      'a changed app_hash in the header',
      (i) => (comet(i).header.app_hash = flipHex(comet(i).header.app_hash || '00')),
    ],
    [
      6,
      'one changed byte in a validator signature',
      (i) => signedVote(i, (s) => (s.signature = flipBase64(s.signature!))),
    ],
    [
      6,
      'one block signature relabelled as a nil vote',
      (i) => signedVote(i, (s) => (s.block_id_flag = BLOCK_ID_FLAG_NIL)),
    ],
    [6, 'two block signatures swapped between their slots', (i) => swapSignedVotes(i)],
    [
      6,
      'signatures removed below 2/3 of the power',
      (i) => (comet(i).commit.signatures = comet(i).commit.signatures.slice(0, 2)),
    ],
    [
      6,
      'a genesis with another validator set',
      (i) =>
        (i.genesis = {
          ...i.genesis,
          validators: [
            {
              ...i.genesis.validators[0],
              pub_key: { type: 'tendermint/PubKeyEd25519', value: toBase64(randomBytes(32)) },
              address: undefined,
            },
            ...i.genesis.validators.slice(1),
          ],
        }),
    ],
  ];

  it.each(cases)('should fail at step %i when given %s', (step, what, tamper) => {
    const input: VerifyInput = {
      ...valid,
      receipt: structuredClone(valid.receipt),
      genesis: structuredClone(valid.genesis),
    };
    tamper(input);
    const report = verifyReceiptOffline(input);
    expect(report.ok).toBe(false);
    // With hand-overs the block's commit is checked against the last handed-over set (step 6 passes)
    // and a wrong genesis shows when the walk from it starts (step 7).
    const expected = what.startsWith('a genesis') && comet(valid).handover?.length ? 7 : step;
    expect(firstFailedStep(report)).toBe(expected);
    expect(report.steps[expected - 1].detail).not.toBe('');
  });

  it('should fail at the commit step, naming the slot, when one real block signature is relabelled as nil', () => {
    const input: VerifyInput = { ...valid, receipt: structuredClone(valid.receipt) };
    signedVote(input, (s) => (s.block_id_flag = BLOCK_ID_FLAG_NIL));
    const report = verifyReceiptOffline(input);
    expect(report.steps.map((s) => s.status)).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
      'fail',
      'pass',
      'skipped',
    ]);
    expect(report.steps[5].detail).toMatch(
      /^slot \d \(validator [0-9A-F]{40}\) is marked as a nil vote but its signature does not verify/,
    );
  });
});

function comet(input: VerifyInput): CometAnchor {
  return input.receipt.anchor as CometAnchor;
}

/** Changes the first COMMIT vote: a commit may list absent validators (no signature) first. */
function signedVote(input: VerifyInput, change: (sig: CommitSigJson) => void): void {
  change(comet(input).commit.signatures.find((s) => s.block_id_flag === BLOCK_ID_FLAG_COMMIT)!);
}

/** Swaps the first two COMMIT votes: each stays valid, but in the other validator's slot. */
function swapSignedVotes(input: VerifyInput): void {
  const sigs = comet(input).commit.signatures;
  const [a, b] = sigs.flatMap((s, i) => (s.block_id_flag === BLOCK_ID_FLAG_COMMIT ? [i] : []));
  [sigs[a], sigs[b]] = [sigs[b], sigs[a]];
}

function flipHex(hex: string): string {
  return (hex[0] === '0' ? '1' : '0') + hex.slice(1);
}

function flipBase64(b64: string): string {
  const bytes = fromBase64(b64);
  bytes[10] ^= 0x01;
  return toBase64(bytes);
}

function replaceFirst(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  const at = text.indexOf(from, text.indexOf('=') + 1);
  return new TextEncoder().encode(text.slice(0, at) + to + text.slice(at + 1));
}

function writeReceiptFiles(dir: string, { receipt, recordBytes, genesis, regulatorKey }: VerifyInput) {
  const files = {
    receipt: join(dir, 'receipt.json'),
    record: join(dir, 'record.json'),
    genesis: join(dir, 'genesis.json'),
    key: join(dir, 'regulator-key.hex'),
  };
  writeFileSync(files.receipt, JSON.stringify(receipt satisfies Receipt, null, 2) + '\n');
  writeFileSync(files.record, recordBytes);
  writeFileSync(files.genesis, JSON.stringify(genesis, null, 2) + '\n');
  writeFileSync(files.key, toHex(regulatorKey) + '\n');
  return files;
}

/** The unit specs and the bench verify this real-chain receipt offline; kept unless asked to refresh it. */
function saveFixtures(input: VerifyInput): void {
  if (existsSync(join(FIXTURES, 'receipt.json')) && !process.env.UPDATE_EVIDENCE_FIXTURES) return;
  mkdirSync(FIXTURES, { recursive: true });
  writeReceiptFiles(FIXTURES, input);
}
