import { computeFeatures } from './features/compute-features';
import { firmHistory, guaranteeReport, p2pReport } from './features/firm-history.factory';
import { rescoreFirms } from './rescore';
import { BUNDLED_PACKS_DIR, loadRulePacks } from './rules/load-rule-pack';
import { evaluatePacks } from './rules/rule-engine';

const packs = loadRulePacks(BUNDLED_PACKS_DIR);
const asOf = '2026-07-10';

describe('rescoreFirms', () => {
  it('should keep per firm only the hits an assessment reads (fired and no data), as evaluatePacks gives them', () => {
    const histories = [
      firmHistory('p2p_lending', [p2pReport({ withdrawalDelayMaxDays: 12 })]),
      firmHistory('financing_guarantee', [guaranteeReport({ netAssets: '1.00' })]),
      firmHistory('micro_loan'),
    ];
    const result = rescoreFirms({ histories, asOf, packs });
    histories.forEach((h, i) => {
      const all = evaluatePacks(packs, h.firm.kind, computeFeatures(h, asOf));
      expect(all.some((hit) => hit.outcome === 'clear')).toBe(true);
      expect(result.hits[i]).toEqual(all.filter((hit) => hit.outcome === 'fired' || hit.outcome === 'no_data'));
    });
    expect(result.hits.flat().some((hit) => hit.outcome === 'fired')).toBe(true);
  });
});
