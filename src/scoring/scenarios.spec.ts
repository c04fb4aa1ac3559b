import { guaranteeReport, firmHistory, microLoanReport, p2pReport } from './features/firm-history.factory';
import { rescoreFirms } from './rescore';
import { BUNDLED_PACKS_DIR, loadRulePacks } from './rules/load-rule-pack';

// The three documented scenarios of src/scoring/README.md ("Worked examples"), end to end through
// features, the bundled packs and the composite (no model, so the rules alone decide).
const packs = loadRulePacks(BUNDLED_PACKS_DIR);
const asOf = '2026-07-10';

function assess(history: ReturnType<typeof firmHistory>) {
  const { assessments } = rescoreFirms({ histories: [history], asOf, packs });
  return assessments[0];
}

describe('documented scenarios', () => {
  it('should leave a healthy firm of each kind without alerts', () => {
    for (const kind of ['p2p_lending', 'micro_loan', 'financing_guarantee'] as const) {
      const a = assess(firmHistory(kind));
      expect([kind, a.explanation.rulesFired.map((r) => r.ruleId), a.tier, a.grade]).toEqual([kind, [], 'none', 'A']);
    }
  });

  it('should give a guarantor over 10x leverage a yellow alert for FG-01', () => {
    // weighted liability 0.75 × 800m + 2,800m = 3,400m on 300m net assets = 11.33x
    const report = guaranteeReport({
      guaranteeLiability: {
        smallMicroAndFarmers: '800000000.00',
        housing: '0.00',
        bondsAaPlus: '0.00',
        other: '2800000000.00',
      },
      claimsReserve: '40000000.00',
    });
    const a = assess(firmHistory('financing_guarantee', [report]));
    expect(a.explanation.rulesFired).toEqual([
      expect.objectContaining({
        ruleId: 'FG-01',
        tier: 'violation',
        threshold: 10,
        explanation: '融资担保责任余额(折算后)为净资产的11.33倍，超过上限10倍',
      }),
    ]);
    expect(a.tier).toBe('yellow'); // one hard-limit breach (§5)
    expect(a.explanation.tierReasons).toContain('超限违规 1 项');
    expect(a.riskScore).toBe(35);
    expect(a.packs).toEqual(['financing_guarantee@1', 'public_data@1']);
  });

  it('should make the same guarantor orange when a second limit is breached too', () => {
    // claims reserve 20m on 3,400m liability = 0.59% < 1% (FG-05)
    const report = guaranteeReport({
      guaranteeLiability: {
        smallMicroAndFarmers: '800000000.00',
        housing: '0.00',
        bondsAaPlus: '0.00',
        other: '2800000000.00',
      },
    });
    const a = assess(firmHistory('financing_guarantee', [report]));
    expect(a.explanation.rulesFired.map((r) => r.ruleId)).toEqual(['FG-01', 'FG-05/claims']);
    expect(a.tier).toBe('orange');
  });

  it('should put a P2P platform splitting terms on red, with the confirmed finding as a veto', () => {
    const report = p2pReport({ averageLoanTermDays: 360, averageLenderTermDays: 30 });
    const a = assess(
      firmHistory('p2p_lending', [report], {
        findings: [{ code: 'term_splitting', confirmedAt: '2026-07-01', source: '现场检查' }],
      }),
    );
    expect(a.explanation.rulesFired).toEqual([
      expect.objectContaining({
        ruleId: 'P2P-07/conduct',
        tier: 'orange',
        veto: 'orange',
        explanation: '查实禁止性行为：期限拆分，一票否决',
      }),
      expect.objectContaining({
        ruleId: 'EW-05/mismatch',
        tier: 'red',
        explanation: '出借端平均期限短于借款端平均期限，疑似期限拆分',
      }),
    ]);
    expect(a.tier).toBe('red');
    expect(a.explanation.tierReasons).toEqual(expect.arrayContaining(['红色指标 1 项', '一票否决 P2P-07/conduct']));
  });

  it('should flag a micro-lender lending across provinces as a violation (yellow alert) under MC-09', () => {
    const report = microLoanReport({ outOfProvinceLoans: { count: 12, amount: '3600000.00' } });
    const a = assess(firmHistory('micro_loan', [report]));
    expect(a.explanation.rulesFired).toEqual([
      expect.objectContaining({
        ruleId: 'MC-09',
        tier: 'violation',
        mark: 'S',
        explanation: '存在借款人所在省份与公司注册省份不一致的跨省贷款',
      }),
    ]);
    expect(a.tier).toBe('yellow');
  });

  it('should report rules without data instead of passing them', () => {
    const a = assess(firmHistory('p2p_lending', [p2pReport()], { socialSecurity: [], filings: undefined }));
    const noData = a.explanation.noData.map((n) => n.ruleId);
    expect(noData).toEqual(expect.arrayContaining(['P2P-08', 'PD-04/headcount', 'PD-01/unfiled', 'EW-07']));
    expect(a.tier).toBe('none');
  });
});
