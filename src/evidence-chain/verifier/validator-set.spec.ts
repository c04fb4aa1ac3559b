import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { GenesisJson } from './cometbft-json';
import { CometAnchor, Receipt } from './receipt';
import { validatorSetFromGenesis, validatorSetFromList, validatorSetHash } from './validator-set';

const hasher = treeHasher(nodeSha256);
const dir = join(__dirname, '../../../test/fixtures/evidence');
const genesis = JSON.parse(readFileSync(join(dir, 'genesis.json'), 'utf8')) as GenesisJson;
const receipt = JSON.parse(readFileSync(join(dir, 'receipt.json'), 'utf8')) as Receipt;

describe(validatorSetFromList.name, () => {
  it("should hash the real chain's genesis set to its blocks' validators_hash, in any listed order", () => {
    const expected = (receipt.anchor as CometAnchor).header.validators_hash.toLowerCase();
    expect(toHex(validatorSetHash(validatorSetFromGenesis(genesis, hasher), hasher))).toBe(expected);
    const reversed = validatorSetFromList(
      genesis.chain_id,
      [...genesis.validators].reverse(),
      hasher,
      'test validator',
    );
    expect(toHex(validatorSetHash(reversed, hasher))).toBe(expected);
  });

  it('should order by power descending, then address ascending', () => {
    const [a, b, c] = genesis.validators;
    const set = validatorSetFromList(
      'x',
      [
        { ...a, power: '1' },
        { ...b, power: '5' },
        { ...c, power: '1' },
      ],
      hasher,
      'test validator',
    );
    expect(set.validators[0].power).toBe(5n);
    expect(set.validators[1].address < set.validators[2].address).toBe(true);
    expect(set.totalPower).toBe(7n);
  });

  it('should refuse a validator listed twice, a wrong address, a zero power and an empty list', () => {
    const [a, b] = genesis.validators;
    expect(() => validatorSetFromList('x', [a, b, { ...a, power: '3' }], hasher, 'hand-over 1 validator')).toThrow(
      /the hand-over 1 validator list names a validator twice/,
    );
    expect(() =>
      validatorSetFromList('x', [{ ...a, address: 'AB'.repeat(20) }], hasher, 'hand-over 1 validator'),
    ).toThrow(/hand-over 1 validator 0 claims address/);
    expect(() => validatorSetFromList('x', [{ ...a, power: '0' }], hasher, 'v')).toThrow(/voting power 0/);
    expect(() => validatorSetFromList('x', [], hasher, 'v')).toThrow(/list is empty/);
  });
});
