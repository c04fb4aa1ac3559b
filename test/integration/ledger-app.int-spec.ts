import { fromHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { encodeCheckpointTx } from '../../src/evidence-chain/checkpoint/checkpoint-tx';
import { TX_CODES } from '../../src/evidence-chain/ledger-app/ledger-errors';
import { LedgerProof, verifyLedgerProof } from '../../src/evidence-chain/ledger-app/state-proof';
import { ledgerChain, refusedByEvery, TestLog } from '../support/ledger-chain';
import { waitFor } from '../support/wait-for';

// Runs against the chain scripts/services.sh starts, each validator beside its ledger app. Tests that
// change the validator set run alone, in test/fault (ledger-governance, ledger-join): other files
// running at the same time expect the genesis set.
describe('alliance chain application on the real 4-validator network', () => {
  const chain = ledgerChain();

  it('should refuse on every validator a checkpoint over a rewritten log signed with the real regulator key, and accept the honest one after it', async () => {
    const t = new TestLog().grow(8);
    const first = t.sign(null);
    const latest = async () =>
      JSON.parse((await chain.query('/checkpoint/latest', t.origin)).value || 'null') as {
        signed: { checkpoint: { treeSize: number } };
      } | null;
    await chain.commit(encodeCheckpointTx(first), async () => (await latest())?.signed.checkpoint.treeSize === 8);

    const rewritten = t.rewritten(5);
    await refusedByEvery(
      chain,
      encodeCheckpointTx(t.sign(first, rewritten), { fromSize: 8, proof: [] }),
      TX_CODES.notExtending,
    );
    for (let i = 0; i < 4; i++) rewritten.append(t.log.leafHash(0));
    await refusedByEvery(
      chain,
      encodeCheckpointTx(t.sign(first, rewritten), { fromSize: 8, proof: rewritten.consistencyProof(8, 12) }),
      TX_CODES.inconsistent,
    );

    t.grow(4);
    await chain.commit(
      encodeCheckpointTx(t.sign(first), { fromSize: 8, proof: t.log.consistencyProof(8, 12) }),
      async () => (await latest())?.signed.checkpoint.treeSize === 12,
    );

    // Read from another validator, checked against the app hash of the next header.
    const answer = await chain.rpc
      .only(chain.urls[2])
      .abciQuery('/checkpoint/latest', new TextEncoder().encode(t.origin));
    const next = await waitFor(
      'the header after the query height',
      () =>
        chain.rpc
          .raw<{ block: { header: { app_hash: string } } }>('block', { height: String(answer.height + 1) })
          .catch(() => undefined),
      20_000,
      200,
    );
    const proof = JSON.parse(answer.proofData!) as LedgerProof;
    expect(
      verifyLedgerProof(fromHex(next.block.header.app_hash.toLowerCase()), `latest/${t.origin}`, answer.value, proof),
    ).toEqual({ ok: true });
  }, 60_000);
});
