import { precommitSignBytes } from './canonical-vote';
import { parseRfc3339 } from './rfc3339-time';

// Go's zero time, as a Vote{} without a timestamp carries it: seconds -62135596800, 10-byte varint.
const ZERO_TIME = parseRfc3339('0001-01-01T00:00:00Z');
const ZERO_TIME_FIELD = [0x2a, 0x0b, 0x08, 0x80, 0x92, 0xb8, 0xc3, 0x98, 0xfe, 0xff, 0xff, 0xff, 0x01];
const HEIGHT_1_ROUND_1 = [0x11, 1, 0, 0, 0, 0, 0, 0, 0, 0x19, 1, 0, 0, 0, 0, 0, 0, 0];

// Vectors of CometBFT v0.38 types/vote_test.go TestVoteSignBytesTestVectors: a precommit with no
// block id is exactly what a nil vote in a commit signs. (Votes for a block are checked against
// the signatures of the real chain in test/fixtures/evidence.)
describe(precommitSignBytes.name, () => {
  it('should encode a nil precommit as CometBFT does (test vector 1): no block_id field', () => {
    const bytes = precommitSignBytes({ chainId: '', height: 1n, round: 1n, blockId: null, timestamp: ZERO_TIME });
    expect([...bytes]).toEqual([0x21, 0x08, 0x02, ...HEIGHT_1_ROUND_1, ...ZERO_TIME_FIELD]);
  });

  it('should append the chain id as field 6 (test vector 4, as a precommit)', () => {
    const chainId = [...new TextEncoder().encode('test_chain_id')];
    const bytes = precommitSignBytes({
      chainId: 'test_chain_id',
      height: 1n,
      round: 1n,
      blockId: null,
      timestamp: ZERO_TIME,
    });
    expect([...bytes]).toEqual([0x30, 0x08, 0x02, ...HEIGHT_1_ROUND_1, ...ZERO_TIME_FIELD, 0x32, 0x0d, ...chainId]);
  });

  it('should leave out round 0 and put the block id between round and timestamp for a vote for a block', () => {
    const blockId = { hash: '11'.repeat(32), parts: { total: 1, hash: '22'.repeat(32) } };
    const bytes = precommitSignBytes({ chainId: '', height: 1n, round: 0n, blockId, timestamp: ZERO_TIME });
    const canonicalBlockId = [
      0x0a,
      0x20,
      ...Array(32).fill(0x11),
      0x12,
      0x24,
      0x08,
      0x01,
      0x12,
      0x20,
      ...Array(32).fill(0x22),
    ];
    expect([...bytes]).toEqual([
      0x62,
      0x08,
      0x02,
      0x11,
      1,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0x22,
      0x48,
      ...canonicalBlockId,
      ...ZERO_TIME_FIELD,
    ]);
  });
});
