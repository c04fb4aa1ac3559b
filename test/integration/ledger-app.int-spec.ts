import { fromHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { encodeCheckpointTx } from '../../src/evidence-chain/checkpoint/checkpoint-tx';
import { TX_CODES } from '../../src/evidence-chain/ledger-app/ledger-errors';
import { LedgerProof, verifyLedgerProof } from '../../src/evidence-chain/ledger-app/state-proof';
import { ledgerChain, randomId, TestLog } from '../support/ledger-chain';
import { waitFor } from '../support/wait-for';

// Runs against the chain scripts/services.sh starts, each validator beside its ledger app.
describe('alliance chain application on the real 4-validator network', () => {
  const chain = ledgerChain();

  /** CheckTx on every validator refuses `tx` with `code`. */
  async function refusedByEvery(tx: Uint8Array, code: number): Promise<void> {
    for (const url of chain.urls) {
      const result = await chain.rpc.only(url).broadcastTxSync(tx);
      expect({ url, code: result.code }).toEqual({ url, code });
      expect(result.log).not.toBe('');
    }
  }

  const applied = (id: string) => async () => (await chain.query(`/proposal/${id}`)).code === 0;

  it('should refuse a val= update, a key=value tx, an unsigned, a 2/3-signed and a replayed governance tx, leaving /validators unchanged', async () => {
    const before = await chain.validators();
    await refusedByEvery(new TextEncoder().encode(`val=ed25519!${Buffer.from(fromHex('11'.repeat(32))).toString('base64')}!100`), TX_CODES.notLedgerTx);
    await refusedByEvery(new TextEncoder().encode('name=satoshi'), TX_CODES.notLedgerTx);

    const expiresAtHeight = (await chain.height()) + 100;
    const raise = { id: randomId('raise'), expiresAtHeight, action: { kind: 'set-power' as const, memberId: 'node3', power: 3 } };
    await refusedByEvery(chain.governance(raise, []), TX_CODES.notEnoughPower);
    // 2 of 4 equal validators: half, refused; 3 of 4: accepted.
    await refusedByEvery(chain.governance(raise, [0, 1]), TX_CODES.notEnoughPower);
    expect(await chain.validators()).toEqual(before);

    try {
      await chain.commit(chain.governance(raise, [0, 1, 2]), applied(raise.id));
      // The same bytes again stop at CometBFT's mempool cache; the same proposal with other signatures at the app.
      await refusedByEvery(chain.governance(raise, [0, 1, 2, 3]), TX_CODES.replayed);
      // The power now: 1 + 1 + 1 + 3 = 6. node3 and node0 hold exactly 2/3 (4 of 6): refused.
      const lower = { id: randomId('lower'), expiresAtHeight, action: { kind: 'set-power' as const, memberId: 'node3', power: 1 } };
      await refusedByEvery(chain.governance(lower, [3, 0]), TX_CODES.notEnoughPower);

      // The change reached CometBFT two heights after its block, and the app published that height.
      const { changes } = JSON.parse((await chain.query('/valset/changes')).value) as { changes: Array<{ height: string; validatorsHash: string }> };
      const change = changes[changes.length - 1];
      const header = await waitFor('the first block of the new set', () => chain.rpc.raw<{ block: { header: { validators_hash: string } } }>('block', { height: change.height }).catch(() => undefined), 20_000, 200);
      expect(header.block.header.validators_hash).toBe(change.validatorsHash);
      const previous = await chain.rpc.raw<{ block: { header: { validators_hash: string } } }>('block', { height: String(Number(change.height) - 1) });
      expect(previous.block.header.validators_hash).not.toBe(change.validatorsHash);
      expect(Object.values(await chain.validators(Number(change.height))).sort()).toEqual(['1', '1', '1', '3']);
      const during = await chain.validators();
      await refusedByEvery(chain.governance(lower, [3, 0]), TX_CODES.notEnoughPower);
      expect(await chain.validators()).toEqual(during);

      await chain.commit(chain.governance(lower, [3, 0, 1]), applied(lower.id));
    } finally {
      // Leave the network as the other tests expect it: four validators of power 1.
      const power = JSON.parse((await chain.query('/members')).value) as Array<{ id: string; power: number }>;
      if (power.find((m) => m.id === 'node3')?.power !== 1) {
        const restore = { id: randomId('restore'), expiresAtHeight: (await chain.height()) + 100, action: { kind: 'set-power' as const, memberId: 'node3', power: 1 } };
        await chain.commit(chain.governance(restore, [0, 1, 2, 3]), applied(restore.id));
      }
    }
    await waitFor('validators back to power 1', async () => Object.values(await chain.validators()).every((p) => p === '1') || undefined, 20_000, 200);
    expect(await chain.validators()).toEqual(before);
  }, 120_000);

  it('should refuse on every validator a checkpoint over a rewritten log signed with the real regulator key, and accept the honest one after it', async () => {
    const t = new TestLog().grow(8);
    const first = t.sign(null);
    const latest = async () => JSON.parse((await chain.query('/checkpoint/latest', t.origin)).value || 'null') as { signed: { checkpoint: { treeSize: number } } } | null;
    await chain.commit(encodeCheckpointTx(first), async () => (await latest())?.signed.checkpoint.treeSize === 8);

    const rewritten = t.rewritten(5);
    await refusedByEvery(encodeCheckpointTx(t.sign(first, rewritten), { fromSize: 8, proof: [] }), TX_CODES.notExtending);
    for (let i = 0; i < 4; i++) rewritten.append(t.log.leafHash(0));
    await refusedByEvery(encodeCheckpointTx(t.sign(first, rewritten), { fromSize: 8, proof: rewritten.consistencyProof(8, 12) }), TX_CODES.inconsistent);

    t.grow(4);
    await chain.commit(encodeCheckpointTx(t.sign(first), { fromSize: 8, proof: t.log.consistencyProof(8, 12) }), async () => (await latest())?.signed.checkpoint.treeSize === 12);

    // Read from another validator, checked against the app hash of the next header.
    const answer = await chain.rpc.only(chain.urls[2]).abciQuery('/checkpoint/latest', new TextEncoder().encode(t.origin));
    const next = await waitFor('the header after the query height', () => chain.rpc.raw<{ block: { header: { app_hash: string } } }>('block', { height: String(answer.height + 1) }).catch(() => undefined), 20_000, 200);
    const proof = JSON.parse(answer.proofData!) as LedgerProof;
    expect(verifyLedgerProof(fromHex(next.block.header.app_hash.toLowerCase()), `latest/${t.origin}`, answer.value, proof)).toEqual({ ok: true });
  }, 60_000);
});
