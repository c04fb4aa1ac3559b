import { encodeCheckpointTx } from '../../src/evidence-chain/checkpoint/checkpoint-tx';
import { CometRpcClient } from '../../src/evidence-chain/chain/cometbft-rpc';
import { testServices } from '../support/services';
import { TestLog } from '../support/ledger-chain';
import { waitFor } from '../support/wait-for';

describe('CometBFT alliance chain', () => {
  it('should commit a transaction sent to one validator and serve it from another', async () => {
    const { cometbftRpc } = testServices();
    expect(cometbftRpc).toHaveLength(4);
    const first = new CometRpcClient([cometbftRpc[0]]);
    const third = new CometRpcClient([cometbftRpc[2]]);

    const t = new TestLog().grow(3);
    const tx = encodeCheckpointTx(t.sign(null));
    const { hash, code } = await first.broadcastTxSync(tx);
    expect(code).toBe(0);

    const committed = await waitFor(
      'the tx to be committed and visible on validator 3',
      () => third.tx(hash, true),
      20000,
    );
    expect(Buffer.from(committed.txBase64, 'base64')).toEqual(Buffer.from(tx));
    expect(committed.height).toBeGreaterThan(0);
    expect(committed.proof?.rootHash).toMatch(/^[0-9A-F]{64}$/);

    // The application state agrees too: the ledger app on validator 3 holds the checkpoint.
    const query = await waitFor('validator 3 to have committed the block', async () => {
      const answer = await third.abciQuery('/checkpoint/latest', new TextEncoder().encode(t.origin));
      return answer.code === 0 ? answer : undefined;
    });
    expect(JSON.parse(new TextDecoder().decode(query.value))).toMatchObject({ txHash: hash, height: committed.height });
  });

  it('should report every validator up with the same chain id', async () => {
    const { cometbftRpc } = testServices();
    const statuses = await new CometRpcClient(cometbftRpc).statusOfAll();
    const networks = new Set(statuses.map((s) => ('network' in s ? s.network : `down: ${s.message}`)));
    expect(networks.size).toBe(1);
    expect([...networks][0]).not.toMatch(/^down/);
  });
});
