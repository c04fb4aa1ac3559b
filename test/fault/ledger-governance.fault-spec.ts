import { fromHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { TX_CODES } from '../../src/evidence-chain/ledger-app/ledger-errors';
import { ledgerChain, randomId, refusedByEvery } from '../support/ledger-chain';
import { waitFor } from '../support/wait-for';

// Governance on the real 4-validator network. It changes a validator's power for a while, so it runs
// alone (the fault project runs in band, after everything else): receipts anchored meanwhile by
// other tests would carry hand-overs they do not expect.
describe('alliance chain governance on the real 4-validator network', () => {
  const chain = ledgerChain();
  const applied = (id: string) => async () => (await chain.query(`/proposal/${id}`)).code === 0;

  it('should refuse a val= update, a key=value tx, an unsigned, a 2/3-signed and a replayed governance tx, leaving /validators unchanged', async () => {
    const before = await chain.validators();
    await refusedByEvery(
      chain,
      new TextEncoder().encode(`val=ed25519!${Buffer.from(fromHex('11'.repeat(32))).toString('base64')}!100`),
      TX_CODES.notLedgerTx,
    );
    await refusedByEvery(chain, new TextEncoder().encode('name=satoshi'), TX_CODES.notLedgerTx);

    const expiresAtHeight = (await chain.height()) + 100;
    const raise = {
      id: randomId('raise'),
      expiresAtHeight,
      action: { kind: 'set-power' as const, memberId: 'node3', power: 3 },
    };
    await refusedByEvery(chain, chain.governance(raise, []), TX_CODES.notEnoughPower);
    // 2 of 4 equal validators: half, refused; 3 of 4: accepted.
    await refusedByEvery(chain, chain.governance(raise, [0, 1]), TX_CODES.notEnoughPower);
    expect(await chain.validators()).toEqual(before);

    try {
      await chain.commit(chain.governance(raise, [0, 1, 2]), applied(raise.id));
      // The same bytes again stop at CometBFT's mempool cache; the same proposal with other signatures at the app.
      await refusedByEvery(chain, chain.governance(raise, [0, 1, 2, 3]), TX_CODES.replayed);
      // The power now: 1 + 1 + 1 + 3 = 6. node3 and node0 hold exactly 2/3 (4 of 6): refused.
      const lower = {
        id: randomId('lower'),
        expiresAtHeight,
        action: { kind: 'set-power' as const, memberId: 'node3', power: 1 },
      };
      await refusedByEvery(chain, chain.governance(lower, [3, 0]), TX_CODES.notEnoughPower);

      // The change reached CometBFT two heights after its block, and the app published that height.
      const { changes } = JSON.parse((await chain.query('/valset/changes')).value) as {
        changes: Array<{ height: string; validatorsHash: string }>;
      };
      const change = changes[changes.length - 1];
      const header = await waitFor(
        'the first block of the new set',
        () =>
          chain.rpc
            .raw<{ block: { header: { validators_hash: string } } }>('block', { height: change.height })
            .catch(() => undefined),
        20_000,
        200,
      );
      expect(header.block.header.validators_hash).toBe(change.validatorsHash);
      const previous = await chain.rpc.raw<{ block: { header: { validators_hash: string } } }>('block', {
        height: String(Number(change.height) - 1),
      });
      expect(previous.block.header.validators_hash).not.toBe(change.validatorsHash);
      expect(Object.values(await chain.validators(Number(change.height))).sort()).toEqual(['1', '1', '1', '3']);
      const during = await chain.validators();
      await refusedByEvery(chain, chain.governance(lower, [3, 0]), TX_CODES.notEnoughPower);
      expect(await chain.validators()).toEqual(during);

      await chain.commit(chain.governance(lower, [3, 0, 1]), applied(lower.id));
    } finally {
      // Leave the network as the other tests expect it: four validators of power 1.
      const power = JSON.parse((await chain.query('/members')).value) as Array<{ id: string; power: number }>;
      if (power.find((m) => m.id === 'node3')?.power !== 1) {
        const restore = {
          id: randomId('restore'),
          expiresAtHeight: (await chain.height()) + 100,
          action: { kind: 'set-power' as const, memberId: 'node3', power: 1 },
        };
        await chain.commit(chain.governance(restore, [0, 1, 2, 3]), applied(restore.id));
      }
    }
    await waitFor(
      'validators back to power 1',
      async () => Object.values(await chain.validators()).every((p) => p === '1') || undefined,
      20_000,
      200,
    );
    expect(await chain.validators()).toEqual(before);
  }, 120_000);
});
