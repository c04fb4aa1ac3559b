import { FEATURE_NAMES } from '../features/feature-catalogue';
import type { FeatureVector } from '../features/feature-vector';
import { BUNDLED_PACKS_DIR, loadRulePackFile } from './load-rule-pack';
import { evaluatePack, evaluatePackFindings, type RuleHit } from './rule-engine';
import { packRef } from './rule-pack';
import { join } from 'node:path';

const p2p = loadRulePackFile(join(BUNDLED_PACKS_DIR, 'p2p_lending.v1.yaml'));
const fg = loadRulePackFile(join(BUNDLED_PACKS_DIR, 'financing_guarantee.v1.yaml'));
const vector = (values: FeatureVector): FeatureVector => ({
  ...Object.fromEntries(FEATURE_NAMES.map((n) => [n, null])),
  ...values,
});
const hit = (hits: ReturnType<typeof evaluatePack>, id: string) => hits.find((h) => h.ruleId === id)!;

describe('evaluatePack', () => {
  it('should return one result per rule and mark missing data as no_data, never clear', () => {
    const hits = evaluatePack(p2p, vector({}));
    expect(hits).toHaveLength(p2p.rules.length);
    expect(hit(hits, 'EW-01')).toMatchObject({ outcome: 'no_data', tier: null, missingFeatures: ['p2p_overdue_rate'] });
  });

  it('should escalate the overdue tier one step when the rate rose 50% month on month', () => {
    const plain = hit(evaluatePack(p2p, vector({ p2p_overdue_rate: 0.06, p2p_overdue_rate_mom: 0.2 })), 'EW-01');
    expect(plain).toMatchObject({ outcome: 'fired', tier: 'yellow', threshold: 0.05 });
    const rising = hit(evaluatePack(p2p, vector({ p2p_overdue_rate: 0.06, p2p_overdue_rate_mom: 0.5 })), 'EW-01');
    expect(rising).toMatchObject({ outcome: 'fired', tier: 'orange', escalatedBecause: '逾期率环比上升50%以上' });
    expect(rising.explanation).toBe('金额逾期率6%，超过黄色预警线5%；逾期率环比上升50%以上，上调一级');
  });

  it('should list the confirmed facts of a qualitative rule in its explanation', () => {
    const h = hit(
      evaluatePack(
        p2p,
        vector({
          finding_self_financing: true,
          finding_fund_pooling: true,
          finding_guaranteed_returns: false,
          finding_wealth_products: false,
          finding_securitisation: false,
        }),
      ),
      'P2P-07',
    );
    expect(h).toMatchObject({ outcome: 'fired', tier: 'red', veto: 'red' });
    expect(h.explanation).toBe('查实禁止性行为：自融、资金池，涉嫌非法集资，一票否决');
  });

  it('should say 查实 once when a veto explanation names a finding', () => {
    const h = hit(evaluatePack(fg, vector({ finding_deposit_taking: true })), 'FG-09');
    expect(h.explanation).toMatch(/^查实吸收存款，/);
    expect(h.explanation).not.toContain('查实查实');
  });

  it('should not apply the 10x leverage limit to a guarantor serving mainly small firms and farmers', () => {
    const hits = evaluatePack(fg, vector({ fg_leverage: 12, fg_mainly_small_micro_rural: true }));
    expect(hit(hits, 'FG-01').outcome).toBe('not_applicable');
    expect(hit(hits, 'FG-01/small_micro')).toMatchObject({ outcome: 'clear', value: 12, threshold: 15 });
  });

  it('should fire a qualitative rule on a known fact even when another input of an or is missing', () => {
    const hits = evaluatePack(fg, vector({ finding_late_major_risk_report: true, registry_unfiled_changes: null }));
    expect(hit(hits, 'FG-10').outcome).toBe('fired');
    const unknown = evaluatePack(fg, vector({ finding_late_major_risk_report: false, registry_unfiled_changes: null }));
    expect(hit(unknown, 'FG-10')).toMatchObject({ outcome: 'no_data', missingFeatures: ['registry_unfiled_changes'] });
  });

  it('should give only the fired and no-data hits of a pack, the same objects evaluatePack gives, in order', () => {
    for (const [pack, values] of [
      [p2p, { p2p_overdue_rate: 0.06, p2p_overdue_rate_mom: 0.5, p2p_top10_share: 0.1 }],
      [fg, { fg_leverage: 12, fg_mainly_small_micro_rural: true, finding_deposit_taking: true }],
      [fg, { fg_leverage: 12, fg_mainly_small_micro_rural: false }],
    ] as const) {
      const all = evaluatePack(pack, vector(values));
      const found: RuleHit[] = [{ ruleId: 'earlier' } as RuleHit];
      evaluatePackFindings(pack, packRef(pack), vector(values), found);
      expect(found.slice(1)).toEqual(all.filter((h) => h.outcome === 'fired' || h.outcome === 'no_data'));
      expect(found[0].ruleId).toBe('earlier'); // appended, not replaced
      expect(found.slice(1).some((h) => h.outcome === 'fired')).toBe(true);
    }
  });

  it('should give a one-feature metric that is missing or not finite its no-data hit, with the names and the reason', () => {
    expect(hit(evaluatePack(p2p, vector({})), 'EW-01')).toMatchObject({
      outcome: 'no_data',
      missingFeatures: ['p2p_overdue_rate'],
      explanation: '缺少数据: p2p_overdue_rate',
    });
    expect(hit(evaluatePack(p2p, vector({ p2p_overdue_rate: Infinity })), 'EW-01')).toMatchObject({
      outcome: 'no_data',
      missingFeatures: [],
      explanation: '缺少数据: 指标无法计算',
    });
  });
});
