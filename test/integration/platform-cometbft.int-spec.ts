import { randomUUID } from 'node:crypto';
import { CometRpcClient } from '../../src/evidence-chain/chain/cometbft-rpc';
import { testServices } from '../support/services';
import { waitFor } from '../support/wait-for';

describe('CometBFT alliance chain', () => {
  it('should commit a transaction sent to one validator and serve it from another', async () => {
    const { cometbftRpc } = testServices();
    expect(cometbftRpc).toHaveLength(4);
    const first = new CometRpcClient([cometbftRpc[0]]);
    const third = new CometRpcClient([cometbftRpc[2]]);

    const key = `smoke.${randomUUID()}`;
    const tx = Buffer.from(`${key}=committed`);
    const { hash, code } = await first.broadcastTxSync(tx);
    expect(code).toBe(0);

    const committed = await waitFor('the tx to be committed and visible on validator 3', () => third.tx(hash, true), 20000);
    expect(Buffer.from(committed.txBase64, 'base64').toString()).toBe(`${key}=committed`);
    expect(committed.height).toBeGreaterThan(0);
    expect(committed.proof?.rootHash).toMatch(/^[0-9A-F]{64}$/);

    // The application state agrees too: the kvstore on validator 3 holds the key.
    const query: any = await (await fetch(`${cometbftRpc[2]}/abci_query?data=0x${Buffer.from(key).toString("hex")}`)).json();
    expect(Buffer.from(query.result.response.value, 'base64').toString()).toBe('committed');
  });

  it('should report every validator up with the same chain id', async () => {
    const { cometbftRpc } = testServices();
    const statuses = await new CometRpcClient(cometbftRpc).statusOfAll();
    const networks = new Set(statuses.map((s) => ('network' in s ? s.network : `down: ${s.message}`)));
    expect(networks.size).toBe(1);
    expect([...networks][0]).not.toMatch(/^down/);
  });
});
