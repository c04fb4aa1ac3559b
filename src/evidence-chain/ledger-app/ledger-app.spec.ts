import { ed25519 } from '@noble/curves/ed25519';
import { RequestInitChain, ResponseProcessProposal_ProposalStatus } from 'cosmjs-types/tendermint/abci/types';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { signCheckpoint } from '../checkpoint/checkpoint-signature';
import { checkpointId, SignedCheckpoint } from '../checkpoint/checkpoint';
import { encodeCheckpointTx, encodeLegacyCheckpointTx } from '../checkpoint/checkpoint-tx';
import { MerkleLog } from '../merkle/merkle-log';
import { governanceTx, signProposal } from './governance';
import { TX_CODES } from './ledger-errors';
import { LedgerApp } from './ledger-app';
import { LedgerStore } from './ledger-store';
import { CosignatureTx, encodeLedgerTx, Member, Proposal } from './ledger-tx';
import { AnchoredCheckpoint } from './ledger-state-keys';
import { checkpointNoteBody } from '../checkpoint/checkpoint-note';
import { signCosignature, verifyCosignature } from '../witness/cosignature';
import { LedgerProof, verifyLedgerProof } from './state-proof';

const hasher = treeHasher(nodeSha256);
const CHAIN = 'ledger-spec';
const ORIGIN = 'bureau.example.gov.cn/evidence';

interface Node {
  operator: Uint8Array;
  validator: Uint8Array;
}

describe('ledger app (handlers driven directly)', () => {
  let dir: string;
  let store: LedgerStore;
  let app: LedgerApp;
  let height = 0;
  const regulator = ed25519.utils.randomPrivateKey();
  const nodes: Node[] = Array.from({ length: 4 }, () => ({
    operator: ed25519.utils.randomPrivateKey(),
    validator: ed25519.utils.randomPrivateKey(),
  }));
  const members: Member[] = nodes.map((n, i) => ({
    id: `node${i}`,
    role: i === 0 ? 'bureau' : 'validator-firm',
    operatorKey: toHex(ed25519.getPublicKey(n.operator)),
    validatorKey: toHex(ed25519.getPublicKey(n.validator)),
    power: 1,
  }));

  const log = new MerkleLog(hasher);
  const grow = (leaves: number, tag: string) => {
    for (let i = 0; i < leaves; i++) log.append(hasher.leaf(new TextEncoder().encode(`${tag}-${log.size}`)));
  };
  const checkpoint = (tree: MerkleLog, previous: SignedCheckpoint | null): SignedCheckpoint =>
    signCheckpoint(
      {
        origin: ORIGIN,
        treeSize: tree.size,
        rootHash: toHex(tree.root()),
        previous: previous && checkpointId(previous, nodeSha256),
        issuedAt: '2026-12-06T00:00:00.000Z',
      },
      regulator,
    );

  async function block(txs: Uint8Array[]) {
    height += 1;
    expect(app.processProposal({ txs, height: BigInt(height) } as never).status).toBe(
      ResponseProcessProposal_ProposalStatus.ACCEPT,
    );
    const result = app.finalizeBlock({ txs, height: BigInt(height) } as never);
    await app.commit();
    return result;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-app-'));
    store = await LedgerStore.open(dir);
    app = new LedgerApp(store);
    app.initChain(
      RequestInitChain.fromPartial({
        chainId: CHAIN,
        validators: nodes.map((n) => ({ pubKey: { ed25519: ed25519.getPublicKey(n.validator) }, power: 1n })),
        appStateBytes: new TextEncoder().encode(
          JSON.stringify({ members, regulators: { [ORIGIN]: [toHex(ed25519.getPublicKey(regulator))] } }),
        ),
        initialHeight: 1n,
      }),
    );
    await block([]);
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("should refuse at InitChain an app_state whose validators are not genesis.json's", () => {
    const other = new LedgerApp(store);
    expect(() =>
      other.initChain(
        RequestInitChain.fromPartial({
          chainId: CHAIN,
          validators: [],
          appStateBytes: new TextEncoder().encode(
            JSON.stringify({ members, regulators: { '*': [toHex(ed25519.getPublicKey(regulator))] } }),
          ),
        }),
      ),
    ).toThrow(/not genesis.json's validators/);
  });

  it('should refuse kvstore txs, validator updates and non-canonical envelopes in CheckTx', () => {
    const extraField =
      'risk-ledger/tx/v1\n{"consistency":{"fromSize":0,"proof":[]},"note":"x","signed":{"checkpoint":{}},"type":"checkpoint"}';
    for (const text of [
      'val=ed25519!AAAA!100',
      'name=satoshi',
      'risk-ledger/tx/v1\n{"type":"checkpoint" }',
      'risk-ledger/tx/v1\n{"type":"mint"}',
      extraField,
    ]) {
      const result = app.checkTx({ tx: new TextEncoder().encode(text), type: 0 } as never);
      expect(result.code).toBe(TX_CODES.notLedgerTx);
      expect(result.log).not.toBe('');
    }
  });

  it('should anchor a checkpoint, then refuse a rewritten log of the same size and a failed proof, then take the honest next one', async () => {
    grow(8, 'a');
    const first = checkpoint(log, null);
    expect((await block([encodeCheckpointTx(first)])).txResults[0].code).toBe(0);

    const rewritten = new MerkleLog(hasher);
    for (let i = 0; i < 8; i++)
      rewritten.append(i === 3 ? hasher.leaf(new TextEncoder().encode('forged')) : log.leafHash(i));
    const sameSize = checkpoint(rewritten, first);
    expect(
      app.checkTx({ tx: encodeCheckpointTx(sameSize, { fromSize: 8, proof: [] }), type: 0 } as never),
    ).toMatchObject({ code: TX_CODES.notExtending, log: expect.stringMatching(/rewritten/) });

    for (let i = 0; i < 4; i++) rewritten.append(hasher.leaf(new TextEncoder().encode(`more-${i}`)));
    const overRewrite = checkpoint(rewritten, first);
    expect(
      app.checkTx({
        tx: encodeCheckpointTx(overRewrite, { fromSize: 8, proof: rewritten.consistencyProof(8, 12) }),
        type: 0,
      } as never).code,
    ).toBe(TX_CODES.inconsistent);
    expect(app.checkTx({ tx: encodeLegacyCheckpointTx(overRewrite), type: 0 } as never).code).toBe(
      TX_CODES.notLedgerTx,
    );

    grow(4, 'a');
    const honest = checkpoint(log, first);
    const smaller = signCheckpoint({ ...first.checkpoint, treeSize: 4, rootHash: toHex(log.root(4)) }, regulator);
    expect(app.checkTx({ tx: encodeCheckpointTx(smaller, { fromSize: 8, proof: [] }), type: 0 } as never).code).toBe(
      TX_CODES.notExtending,
    );
    const stranger = signCheckpoint(honest.checkpoint, ed25519.utils.randomPrivateKey());
    expect(
      app.checkTx({
        tx: encodeCheckpointTx(stranger, { fromSize: 8, proof: log.consistencyProof(8, 12) }),
        type: 0,
      } as never).code,
    ).toBe(TX_CODES.wrongRegulatorKey);
    expect(
      (await block([encodeCheckpointTx(honest, { fromSize: 8, proof: log.consistencyProof(8, 12) })])).txResults[0]
        .code,
    ).toBe(0);
  });

  it('should reject in ProcessProposal a block carrying an invalid checkpoint, and accept it without', () => {
    const latest = checkpoint(log, null);
    const bad = signCheckpoint({ ...latest.checkpoint, rootHash: 'ab'.repeat(32) }, regulator);
    const tx = encodeCheckpointTx(bad, { fromSize: 12, proof: [] });
    expect(app.processProposal({ txs: [tx], height: BigInt(height + 1) } as never).status).toBe(
      ResponseProcessProposal_ProposalStatus.REJECT,
    );
    expect(app.prepareProposal({ txs: [tx], maxTxBytes: 1_000_000n, height: BigInt(height + 1) } as never).txs).toEqual(
      [],
    );
    expect(app.processProposal({ txs: [], height: BigInt(height + 1) } as never).status).toBe(
      ResponseProcessProposal_ProposalStatus.ACCEPT,
    );
  });

  it('should answer the latest checkpoint and the one at a size with proofs that verify against the app hash', async () => {
    const appHash = store.appHash;
    const latest = await app.query({ path: '/checkpoint/latest', data: new TextEncoder().encode(ORIGIN) } as never);
    expect(latest.code).toBe(0);
    const proof = JSON.parse(new TextDecoder().decode(latest.proofOps!.ops[0].data)) as LedgerProof;
    expect(verifyLedgerProof(appHash, `latest/${ORIGIN}`, latest.value, proof)).toEqual({ ok: true });
    expect(verifyLedgerProof(appHash, `latest/${ORIGIN}`, new TextEncoder().encode('{}'), proof).ok).toBe(false);

    const at = await app.query({ path: '/checkpoint/at/8', data: new TextEncoder().encode(ORIGIN) } as never);
    expect(JSON.parse(new TextDecoder().decode(at.value)).signed.checkpoint.treeSize).toBe(8);
    const atProof = JSON.parse(new TextDecoder().decode(at.proofOps!.ops[0].data)) as LedgerProof;
    expect(verifyLedgerProof(appHash, '', at.value, atProof)).toEqual({ ok: true });
    expect(verifyLedgerProof(fromHex('00'.repeat(32)), '', at.value, atProof).ok).toBe(false);
    expect((await app.query({ path: '/checkpoint/at/9', data: new TextEncoder().encode(ORIGIN) } as never)).code).toBe(
      1,
    );
  });

  it("should take a firm's cosignature on a checkpoint of its history once, and refuse a bad signature, a checkpoint it never accepted and a replay", async () => {
    const firm = ed25519.utils.randomPrivateKey();
    const publicKey = toHex(ed25519.getPublicKey(firm));
    const at = await app.query({ path: '/checkpoint/at/8', data: new TextEncoder().encode(ORIGIN) } as never);
    const value = new TextDecoder().decode(at.value);
    const proof = JSON.parse(new TextDecoder().decode(at.proofOps!.ops[0].data)) as LedgerProof;
    const body = checkpointNoteBody((JSON.parse(value) as AnchoredCheckpoint).signed.checkpoint);
    const cosig = verifyCosignature(
      body,
      signCosignature(body, 'firm.example/witness', firm, 1764990000),
      ed25519.getPublicKey(firm),
    );
    const tx = (over: Partial<CosignatureTx> = {}) =>
      encodeLedgerTx({
        type: 'cosignature',
        anchored: value,
        history: { index: proof.index, size: proof.size, path: proof.path },
        cosigner: { name: cosig.name, publicKey },
        timestamp: cosig.timestamp,
        signature: toHex(cosig.signature),
        ...over,
      });
    const check = (bytes: Uint8Array) => app.checkTx({ tx: bytes, type: 0 } as never);

    expect(check(tx({ timestamp: 1764990001 })).code).toBe(TX_CODES.badCosignature);
    expect(
      check(tx({ anchored: value.replace(/"rootHash":"[0-9a-f]{64}"/, `"rootHash":"${'ab'.repeat(32)}"`) })).code,
    ).toBe(TX_CODES.unknownCheckpoint);
    expect(check(tx({ history: { index: proof.index, size: proof.size + 5, path: proof.path } })).code).toBe(
      TX_CODES.unknownCheckpoint,
    );
    expect(
      app.processProposal({ txs: [tx({ timestamp: 1764990001 })], height: BigInt(height + 1) } as never).status,
    ).toBe(ResponseProcessProposal_ProposalStatus.REJECT);

    expect((await block([tx()])).txResults[0].code).toBe(0);
    const stored = await app.query({
      path: `/cosignature/8/${publicKey}`,
      data: new TextEncoder().encode(ORIGIN),
    } as never);
    expect(JSON.parse(new TextDecoder().decode(stored.value))).toMatchObject({
      name: 'firm.example/witness',
      timestamp: 1764990000,
    });
    expect(
      verifyLedgerProof(
        store.appHash,
        `cosig/${ORIGIN}/8/${publicKey}`,
        stored.value,
        JSON.parse(new TextDecoder().decode(stored.proofOps!.ops[0].data)) as LedgerProof,
      ),
    ).toEqual({ ok: true });
    expect(check(tx()).code).toBe(TX_CODES.duplicateCosignature);
  });

  it('should apply governance only with more than 2/3 of the power, once, before it expires', async () => {
    const proposal: Proposal = {
      id: 'power-1',
      expiresAtHeight: height + 10,
      action: { kind: 'set-power', memberId: 'node3', power: 3 },
    };
    const sign = (p: Proposal, who: number[]) => who.map((i) => signProposal(CHAIN, p, `node${i}`, nodes[i].operator));
    expect(app.checkTx({ tx: governanceTx(proposal, []), type: 0 } as never).code).toBe(TX_CODES.notEnoughPower);
    expect(app.checkTx({ tx: governanceTx(proposal, sign(proposal, [0, 1])), type: 0 } as never).code).toBe(
      TX_CODES.notEnoughPower,
    );
    expect(
      app.checkTx({
        tx: governanceTx(proposal, [
          ...sign(proposal, [0, 1]),
          { memberId: 'node2', signature: sign(proposal, [1])[0].signature },
        ]),
        type: 0,
      } as never).code,
    ).toBe(TX_CODES.badSignature);
    const expired = { ...proposal, id: 'old', expiresAtHeight: height };
    expect(app.checkTx({ tx: governanceTx(expired, sign(expired, [0, 1, 2])), type: 0 } as never).code).toBe(
      TX_CODES.expired,
    );

    const result = await block([governanceTx(proposal, sign(proposal, [0, 1, 2]))]);
    expect(result.txResults[0].code).toBe(0);
    expect(result.validatorUpdates.map((u) => [toHex(u.pubKey.ed25519!), u.power])).toEqual([
      [members[3].validatorKey, 3n],
    ]);
    const changes = JSON.parse(
      new TextDecoder().decode((await app.query({ path: '/valset/changes', data: new Uint8Array(0) } as never)).value),
    );
    expect(changes).toEqual({
      changes: [{ height: String(height + 2), validatorsHash: expect.stringMatching(/^[0-9A-F]{64}$/) }],
    });
    expect(app.checkTx({ tx: governanceTx(proposal, sign(proposal, [0, 1, 2])), type: 0 } as never).code).toBe(
      TX_CODES.replayed,
    );

    // Now 6 in all: node3 (3) + node0 (1) is exactly 2/3 - refused; node3 + node0 + node1 is more.
    const next: Proposal = {
      id: 'power-2',
      expiresAtHeight: height + 10,
      action: { kind: 'set-power', memberId: 'node3', power: 1 },
    };
    expect(app.checkTx({ tx: governanceTx(next, sign(next, [3, 0])), type: 0 } as never)).toMatchObject({
      code: TX_CODES.notEnoughPower,
      log: expect.stringMatching(/4 of 6/),
    });
    expect(app.checkTx({ tx: governanceTx(next, sign(next, [3, 0, 1])), type: 0 } as never).code).toBe(0);
  });

  it('should reopen the store at the same height and app hash', async () => {
    const before = { height: store.height, appHash: toHex(store.appHash) };
    await store.close();
    store = await LedgerStore.open(dir);
    app = new LedgerApp(store);
    expect({ height: store.height, appHash: toHex(store.appHash) }).toEqual(before);
    expect(app.info({} as never).lastBlockHeight).toBe(BigInt(before.height));
    // The reloaded history gives the committed app hash: its proofs still verify.
    const at = await app.query({ path: '/checkpoint/at/12', data: new TextEncoder().encode(ORIGIN) } as never);
    expect(
      verifyLedgerProof(
        store.appHash,
        '',
        at.value,
        JSON.parse(new TextDecoder().decode(at.proofOps!.ops[0].data)) as LedgerProof,
      ),
    ).toEqual({ ok: true });
  });
});
