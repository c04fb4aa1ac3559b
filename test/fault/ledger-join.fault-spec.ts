import { ed25519 } from '@noble/curves/ed25519';
import { join } from 'node:path';
import { toHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { recordContentHash } from '../../src/evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../src/evidence-chain/canonical/sha256-node';
import { AnchorNotReady, buildCometAnchor } from '../../src/evidence-chain/chain/anchor-receipt';
import { SignedCheckpoint } from '../../src/evidence-chain/checkpoint/checkpoint';
import { encodeCheckpointTx } from '../../src/evidence-chain/checkpoint/checkpoint-tx';
import { assembleReceipt } from '../../src/evidence-chain/verifier/assemble-receipt';
import { Receipt } from '../../src/evidence-chain/verifier/receipt';
import { firstFailedStep } from '../../src/evidence-chain/verifier/verification-report';
import { verifyReceiptOffline } from '../../src/evidence-chain/verifier/verify-receipt';
import { TX_CODES } from '../../src/evidence-chain/ledger-app/ledger-errors';
import { Member } from '../../src/evidence-chain/ledger-app/ledger-tx';
import { genesis, regulatorSecret } from '../support/evidence';
import { addressOf, hasher, ledgerChain, randomId, TestLog, validatorKeyFromFile } from '../support/ledger-chain';
import { addNode, removeNode } from '../support/validators';
import { waitFor } from '../support/wait-for';

// A firm's node joins: it syncs as a full node, governance admits its validator key, and from two
// heights later it signs blocks. Afterwards governance removes it again, leaving four validators.
// Receipts anchored after each change verify with only the original genesis pinned.
describe('a fifth validator joins by governance', () => {
  const chain = ledgerChain();
  const NODE = 4;

  /** Appends one record to the log, anchors the next checkpoint and returns the record's receipt once its block is final. */
  async function anchorRecord(
    t: TestLog,
    previous: SignedCheckpoint,
  ): Promise<{ receipt: Receipt; recordBytes: Uint8Array; signed: SignedCheckpoint }> {
    const record = { kind: 'join-test', id: randomId('record'), at: new Date().toISOString() };
    const contentHash = recordContentHash(record, nodeSha256);
    const fromSize = previous.checkpoint.treeSize;
    t.log.append(hasher.leaf(contentHash));
    const signed = t.sign(previous);
    const tx = encodeCheckpointTx(signed, { fromSize, proof: t.log.consistencyProof(fromSize, t.log.size) });
    await chain.commit(
      tx,
      async () => (await chain.query(`/checkpoint/at/${signed.checkpoint.treeSize}`, t.origin)).code === 0,
    );
    const txHash = toHex(nodeSha256(tx)).toUpperCase();
    const anchor = await waitFor(
      'the checkpoint block to be final',
      async () =>
        buildCometAnchor(chain.rpc, txHash).catch((error: unknown) =>
          error instanceof AnchorNotReady ? undefined : Promise.reject(error),
        ),
      30_000,
      300,
    );
    const receipt = assembleReceipt({
      record: { kind: record.kind, id: record.id, contentHash: toHex(contentHash), canonicalization: 'jcs' },
      log: t.log,
      leafIndex: t.log.size - 1,
      signed,
      anchor,
    });
    return { receipt, recordBytes: new TextEncoder().encode(JSON.stringify(record)), signed };
  }

  const verify = (receipt: Receipt, recordBytes: Uint8Array) =>
    verifyReceiptOffline({
      receipt,
      recordBytes,
      genesis: genesis(),
      regulatorKey: ed25519.getPublicKey(regulatorSecret()),
    });

  afterAll(() => removeNode(NODE));

  it("should admit a firm's validator only with > 2/3 of the power, after which it signs blocks", async () => {
    addNode(NODE);
    const validatorKey = validatorKeyFromFile(
      join(process.env.COMETBFT_HOME!, `node${NODE}`, 'config', 'priv_validator_key.json'),
    );
    const address = addressOf(validatorKey);
    const member: Member = {
      id: randomId('firm'),
      role: 'validator-firm',
      operatorKey: toHex(ed25519.getPublicKey(ed25519.utils.randomPrivateKey())),
      validatorKey,
      power: 1,
    };
    const admit = {
      id: randomId('admit'),
      expiresAtHeight: (await chain.height()) + 100,
      action: { kind: 'add-member' as const, member },
    };
    const applied = (id: string) => async () => (await chain.query(`/proposal/${id}`)).code === 0;

    expect((await chain.rpc.broadcastTxSync(chain.governance(admit, [0, 1]))).code).toBe(TX_CODES.notEnoughPower);
    expect(Object.keys(await chain.validators())).not.toContain(address);
    try {
      await chain.commit(chain.governance(admit, [0, 1, 2]), applied(admit.id));
      await waitFor(
        'the firm in /validators',
        async () => address in (await chain.validators()) || undefined,
        20_000,
        200,
      );

      // Blocks from then on carry its commit signature; checkpoints keep being anchored.
      const t = new TestLog().grow(4);
      const first = t.sign(null);
      await chain.commit(
        encodeCheckpointTx(first),
        async () => (await chain.query('/checkpoint/latest', t.origin)).code === 0,
      );
      const signedBy = async () => {
        const height = (await chain.height()) - 1;
        const commit = await chain.rpc.raw<{
          signed_header: { commit: { signatures: Array<{ validator_address: string; block_id_flag: number }> } };
        }>('commit', { height: String(height) });
        return (
          commit.signed_header.commit.signatures.some(
            (s) => s.validator_address === address && s.block_id_flag === 2,
          ) || undefined
        );
      };
      await waitFor("a block committed with the firm's signature", signedBy, 30_000, 300);
      expect(Object.keys(await chain.validators())).toHaveLength(5);

      // A record anchored by the five: its receipt carries the hand-over from the genesis set.
      const afterJoin = await anchorRecord(t, first);
      const anchor = afterJoin.receipt.anchor;
      if (anchor.ledger !== 'cometbft') throw new Error('expected a chain anchor');
      // Earlier tests on this chain may have changed powers too: the last hand-over is the firm's admission.
      const handovers = anchor.handover ?? [];
      expect(handovers.at(-1)?.validators.map((v) => v.address)).toContain(address);
      const report = verify(afterJoin.receipt, afterJoin.recordBytes);
      expect(
        report.steps.filter((step) => step.status !== 'pass').map((step) => `${step.step}: ${step.detail}`),
      ).toEqual(['8: no RPC given']);
      expect(report.ok).toBe(true);

      // The same hand-over with only half of the trusted power signing hands over nothing.
      const weak = structuredClone(afterJoin.receipt);
      if (weak.anchor.ledger !== 'cometbft') throw new Error('expected a chain anchor');
      const sigs = weak.anchor.handover![handovers.length - 1].commit.signatures;
      for (const i of [0, 1])
        sigs[i] = { block_id_flag: 1, validator_address: '', timestamp: '0001-01-01T00:00:00Z', signature: null };
      const weakReport = verify(weak, afterJoin.recordBytes);
      expect(weakReport.ok).toBe(false);
      expect(firstFailedStep(weakReport)).toBe(7);

      // Removed again: a later receipt walks both changes from genesis.
      const remove = {
        id: randomId('remove'),
        expiresAtHeight: (await chain.height()) + 100,
        action: { kind: 'remove-member' as const, memberId: member.id },
      };
      await chain.commit(chain.governance(remove, [0, 1, 2, 3]), applied(remove.id));
      await waitFor(
        'four validators again',
        async () => Object.keys(await chain.validators()).length === 4 || undefined,
        30_000,
        200,
      );
      await waitFor('blocks made by the four again', async () => !(await signedBy()) || undefined, 30_000, 300);
      const afterLeave = await anchorRecord(t, afterJoin.signed);
      if (afterLeave.receipt.anchor.ledger !== 'cometbft') throw new Error('expected a chain anchor');
      expect(afterLeave.receipt.anchor.handover).toHaveLength(handovers.length + 1);
      expect(afterLeave.receipt.anchor.handover?.at(-1)?.validators.map((v) => v.address)).not.toContain(address);
      expect(verify(afterLeave.receipt, afterLeave.recordBytes).ok).toBe(true);
    } finally {
      // Five validators of power 1: four must sign the removal.
      const members = JSON.parse((await chain.query('/members')).value) as Member[];
      if (members.some((m) => m.id === member.id)) {
        const remove = {
          id: randomId('remove'),
          expiresAtHeight: (await chain.height()) + 100,
          action: { kind: 'remove-member' as const, memberId: member.id },
        };
        await chain.commit(chain.governance(remove, [0, 1, 2, 3]), applied(remove.id));
      }
      await waitFor(
        'four validators again',
        async () => Object.keys(await chain.validators()).length === 4 || undefined,
        30_000,
        200,
      );
    }
  }, 300_000);
});
