import { ed25519 } from '@noble/curves/ed25519';
import { join } from 'node:path';
import { toHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { encodeCheckpointTx } from '../../src/evidence-chain/checkpoint/checkpoint-tx';
import { TX_CODES } from '../../src/evidence-chain/ledger-app/ledger-errors';
import { Member } from '../../src/evidence-chain/ledger-app/ledger-tx';
import { addressOf, ledgerChain, randomId, TestLog, validatorKeyFromFile } from '../support/ledger-chain';
import { addNode, removeNode } from '../support/validators';
import { waitFor } from '../support/wait-for';

// A firm's node joins: it syncs as a full node, governance admits its validator key, and from two
// heights later it signs blocks. Afterwards governance removes it again, leaving four validators.
describe('a fifth validator joins by governance', () => {
  const chain = ledgerChain();
  const NODE = 4;

  afterAll(() => removeNode(NODE));

  it('should admit a firm\'s validator only with > 2/3 of the power, after which it signs blocks', async () => {
    addNode(NODE);
    const validatorKey = validatorKeyFromFile(join(process.env.COMETBFT_HOME!, `node${NODE}`, 'config', 'priv_validator_key.json'));
    const address = addressOf(validatorKey);
    const member: Member = { id: randomId('firm'), role: 'validator-firm', operatorKey: toHex(ed25519.getPublicKey(ed25519.utils.randomPrivateKey())), validatorKey, power: 1 };
    const admit = { id: randomId('admit'), expiresAtHeight: (await chain.height()) + 100, action: { kind: 'add-member' as const, member } };
    const applied = (id: string) => async () => (await chain.query(`/proposal/${id}`)).code === 0;

    expect((await chain.rpc.broadcastTxSync(chain.governance(admit, [0, 1]))).code).toBe(TX_CODES.notEnoughPower);
    expect(Object.keys(await chain.validators())).not.toContain(address);
    try {
      await chain.commit(chain.governance(admit, [0, 1, 2]), applied(admit.id));
      await waitFor('the firm in /validators', async () => address in (await chain.validators()) || undefined, 20_000, 200);

      // Blocks from then on carry its commit signature; checkpoints keep being anchored.
      const t = new TestLog().grow(4);
      await chain.commit(encodeCheckpointTx(t.sign(null)), async () => (await chain.query('/checkpoint/latest', t.origin)).code === 0);
      const signedBy = async () => {
        const height = (await chain.height()) - 1;
        const commit = await chain.rpc.raw<{ signed_header: { commit: { signatures: Array<{ validator_address: string; block_id_flag: number }> } } }>('commit', { height: String(height) });
        return commit.signed_header.commit.signatures.some((s) => s.validator_address === address && s.block_id_flag === 2) || undefined;
      };
      await waitFor('a block committed with the firm\'s signature', signedBy, 30_000, 300);
      expect(Object.keys(await chain.validators())).toHaveLength(5);
    } finally {
      // Five validators of power 1: four must sign the removal.
      const members = JSON.parse((await chain.query('/members')).value) as Member[];
      if (members.some((m) => m.id === member.id)) {
        const remove = { id: randomId('remove'), expiresAtHeight: (await chain.height()) + 100, action: { kind: 'remove-member' as const, memberId: member.id } };
        await chain.commit(chain.governance(remove, [0, 1, 2, 3]), applied(remove.id));
      }
      await waitFor('four validators again', async () => Object.keys(await chain.validators()).length === 4 || undefined, 30_000, 200);
    }
  }, 300_000);
});
