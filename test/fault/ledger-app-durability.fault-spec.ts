import { fromBase64, toHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { CometLedger } from '../../src/evidence-chain/anchor/comet-ledger';
import { SignedCheckpoint } from '../../src/evidence-chain/checkpoint/checkpoint';
import { ledgerChain, TestLog } from '../support/ledger-chain';
import { killLedgerApp, startValidator } from '../support/validators';
import { waitFor } from '../support/wait-for';

// kill -9 of one validator's ledger app while checkpoints are being anchored: the other three go
// on, and the killed one, restarted, replays through the ABCI handshake to the same app hash.
describe('ledger app durability', () => {
  const chain = ledgerChain();

  afterAll(() => startValidator(3)); // whatever happened, leave the net whole

  it('should reach the same app hash at the same height after its app is SIGKILLed mid-load', async () => {
    const ledger = new CometLedger(chain.rpc.only(chain.urls[0]));
    const t = new TestLog();
    const signed: SignedCheckpoint[] = [];
    let stop = false;
    const load = (async () => {
      while (!stop) {
        t.grow(10);
        const next = t.sign(signed.at(-1) ?? null);
        const size = next.checkpoint.treeSize;
        await ledger.submit(next, (from) => t.log.consistencyProof(from, size));
        signed.push(next);
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    try {
      await waitFor(
        'a few checkpoints anchored',
        async () => signed.length >= 5 && (await ledger.anchorOf(signed[2])) !== null,
        30_000,
        200,
      );
      killLedgerApp(3);
      const killedAt = signed.length;
      await waitFor(
        'anchoring to go on with 3 of 4',
        async () => signed.length >= killedAt + 10 && (await ledger.anchorOf(signed[killedAt + 5])) !== null,
        60_000,
        200,
      );
    } finally {
      stop = true;
      await load;
    }
    startValidator(3); // restarts the app, and the node that lost it
    await waitFor(
      'every checkpoint anchored in order',
      async () => (await ledger.anchorOf(signed.at(-1)!)) !== null,
      60_000,
      250,
    );

    // Validator 3's app, after the handshake replay, holds the app hash the others put in the next header.
    const node3 = chain.rpc.only(chain.urls[3]);
    const info = await node3.raw<{ response: { last_block_height: string; last_block_app_hash: string } }>('abci_info');
    const height = Number(info.response.last_block_height);
    expect(height).toBeGreaterThan(0);
    const next = await waitFor(
      'the next header on validator 0',
      () =>
        chain.rpc
          .only(chain.urls[0])
          .raw<{ block: { header: { app_hash: string } } }>('block', { height: String(height + 1) })
          .catch(() => undefined),
      20_000,
      200,
    );
    expect(toHex(fromBase64(info.response.last_block_app_hash)).toUpperCase()).toBe(next.block.header.app_hash);
    // And it answers the state queries the others answer.
    const latest = (url: string) =>
      chain.rpc.only(url).abciQuery('/checkpoint/latest', new TextEncoder().encode(t.origin));
    await waitFor(
      "validator 3 to be at the others' height",
      async () => (await latest(chain.urls[3])).height >= (await latest(chain.urls[0])).height || undefined,
      30_000,
      200,
    );
    expect(JSON.parse(new TextDecoder().decode((await latest(chain.urls[3])).value)).signed.checkpoint.treeSize).toBe(
      signed.at(-1)!.checkpoint.treeSize,
    );
  }, 240_000);
});
