import { assessFirm } from './composite-score';
import { rankFirms } from './ranking';

const at = (firmId: string, value: number) => assessFirm({ firmId, asOf: '2026-07-10', hits: [], packs: [], model: null, manualScores: [{ id: 'x', mode: 'set', value, reason: 'r', author: 'a', validFrom: '2026-01-01' }] });

describe('rankFirms', () => {
  it('should rank the riskiest first with shared ranks for ties', () => {
    const ranked = rankFirms([at('c', 10), at('a', 95), at('b', 50), at('d', 50)]);
    expect(ranked.map((r) => [r.firmId, r.rank])).toEqual([['a', 1], ['b', 2], ['d', 2], ['c', 4]]);
    expect(ranked[0].percentile).toBe(1);
  });
});
