import { ed25519 } from '@noble/curves/ed25519';
import { fromHex, toHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { encodeCheckpointTx } from '../../src/evidence-chain/checkpoint/checkpoint-tx';
import { CometRpcClient } from '../../src/evidence-chain/chain/cometbft-rpc';
import { TX_CODES } from '../../src/evidence-chain/ledger-app/ledger-errors';
import { encodeLedgerTx } from '../../src/evidence-chain/ledger-app/ledger-tx';
import { LedgerProof, verifyLedgerProof } from '../../src/evidence-chain/ledger-app/state-proof';
import { checkpointNoteBody } from '../../src/evidence-chain/checkpoint/checkpoint-note';
import { parseCheckpointBody, signCosignature, verifyCosignature } from '../../src/evidence-chain/witness/cosignature';
import { ChainWitness } from '../../src/evidence-chain/witness/witness-chain';
import { ledgerChain, refusedByEvery, TestLog } from '../support/ledger-chain';
import { waitFor } from '../support/wait-for';

// A firm's cosignature on the real 4-validator network (scripts/services.sh): the witness checks the
// chain holds the checkpoint (abci_query proof against the next header), then sends the cosignature
// transaction, which every validator checks against its own checkpoint history.
describe('cosignature transactions on the 4-validator network', () => {
  const chain = ledgerChain();

  it("should accept a firm's cosignature of an anchored checkpoint once, and refuse on every validator a bad signature and a checkpoint it never accepted", async () => {
    const t = new TestLog().grow(6);
    const first = t.sign(null);
    const latest = async () =>
      JSON.parse((await chain.query('/checkpoint/latest', t.origin)).value || 'null') as {
        signed: { checkpoint: { treeSize: number } };
      } | null;
    await chain.commit(encodeCheckpointTx(first), async () => (await latest())?.signed.checkpoint.treeSize === 6);

    const firm = ed25519.utils.randomPrivateKey();
    const publicKey = toHex(ed25519.getPublicKey(firm));
    const body = parseCheckpointBody(checkpointNoteBody(first.checkpoint));
    const witness = new ChainWitness(new CometRpcClient(chain.urls), 20_000);
    const onChain = await witness.anchored(body);
    expect(onChain).toMatchObject({ rootHash: first.checkpoint.rootHash });

    // Built the way the witness builds it, first with a signature over another time: refused everywhere.
    const line = signCosignature(body.text, 'witness.firm.example', firm);
    const cosig = verifyCosignature(body.text, line, ed25519.getPublicKey(firm));
    const tx = (timestamp: number, anchored = onChain!.value, signature = cosig.signature) =>
      encodeLedgerTx({
        type: 'cosignature',
        anchored,
        history: { index: onChain!.proof.index, size: onChain!.proof.size, path: onChain!.proof.path },
        cosigner: { name: cosig.name, publicKey },
        timestamp,
        signature: toHex(signature),
      });
    await refusedByEvery(chain, tx(cosig.timestamp + 1), TX_CODES.badCosignature);
    await refusedByEvery(
      chain,
      tx(cosig.timestamp, onChain!.value.replace(first.checkpoint.rootHash, 'ab'.repeat(32))),
      TX_CODES.unknownCheckpoint,
    );

    await witness.submit(body, line, firm);
    const stored = await waitFor(
      'the cosignature in the chain state',
      async () => {
        const answer = await chain.rpc
          .only(chain.urls[3])
          .abciQuery(`/cosignature/6/${publicKey}`, new TextEncoder().encode(t.origin));
        return answer.code === 0 ? answer : undefined;
      },
      20_000,
      200,
    );
    expect(JSON.parse(new TextDecoder().decode(stored.value))).toMatchObject({
      name: 'witness.firm.example',
      timestamp: cosig.timestamp,
    });
    const next = await waitFor(
      'the header after the query height',
      () =>
        chain.rpc
          .raw<{ block: { header: { app_hash: string } } }>('block', { height: String(stored.height + 1) })
          .catch(() => undefined),
      20_000,
      200,
    );
    expect(
      verifyLedgerProof(
        fromHex(next.block.header.app_hash.toLowerCase()),
        `cosig/${t.origin}/6/${publicKey}`,
        stored.value,
        JSON.parse(stored.proofData!) as LedgerProof,
      ),
    ).toEqual({ ok: true });
    // The same key on the same checkpoint again (a later, valid cosignature; other bytes than the first tx).
    const again = verifyCosignature(
      body.text,
      signCosignature(body.text, 'witness.firm.example', firm, cosig.timestamp + 5),
      ed25519.getPublicKey(firm),
    );
    await refusedByEvery(chain, tx(again.timestamp, onChain!.value, again.signature), TX_CODES.duplicateCosignature);
  }, 90_000);
});
