import { assessFirm } from './composite-score';
import { rankFirms, ranksOf } from './ranking';

const at = (firmId: string, value: number) =>
  assessFirm({
    firmId,
    asOf: '2026-07-10',
    hits: [],
    packs: [],
    model: null,
    manualScores: [{ id: 'x', mode: 'set', value, reason: 'r', author: 'a', validFrom: '2026-01-01' }],
  });

describe('rankFirms', () => {
  it('should rank the riskiest first with shared ranks for ties', () => {
    const ranked = rankFirms([at('c', 10), at('a', 95), at('b', 50), at('d', 50)]);
    expect(ranked.map((r) => [r.firmId, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['d', 2],
      ['c', 4],
    ]);
    expect(ranked[0].percentile).toBe(1);
  });
});

describe('ranksOf', () => {
  it('should give the ranks rankFirms gives when firms share tiers and scores', () => {
    const tiers = ['none', 'blue', 'yellow', 'orange', 'red'] as const;
    const pool = Array.from({ length: 300 }, (_, i) => ({
      firmId: `f${String(i).padStart(3, '0')}`,
      tier: tiers[(i * 7) % 5],
      riskScore: (i * 37) % 23,
      grade: 'B' as const,
    }));
    const full = new Map(rankFirms(pool).map((r) => [r.firmId, r.rank]));
    const ids = ['f000', 'f007', 'f150', 'f299', 'f042'];
    expect(
      ranksOf(
        pool,
        ids.map((id) => pool.find((a) => a.firmId === id)!),
      ),
    ).toEqual(new Map(ids.map((id) => [id, full.get(id)])));
  });
});
