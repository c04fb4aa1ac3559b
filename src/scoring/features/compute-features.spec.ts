import { computeFeatures } from './compute-features';
import { FEATURE_CATALOGUE, FEATURE_NAMES, RATIO_UNBOUNDED } from './feature-catalogue';
import { firmHistory, guaranteeReport, microLoanReport, p2pReport } from './firm-history.factory';

const asOf = '2026-07-10';

describe('computeFeatures', () => {
  it('should return exactly the catalogue names, null for other kinds and missing data', () => {
    for (const kind of ['p2p_lending', 'micro_loan', 'financing_guarantee'] as const) {
      const f = computeFeatures(firmHistory(kind), asOf);
      expect(Object.keys(f).sort()).toEqual([...FEATURE_NAMES].sort());
      for (const def of FEATURE_CATALOGUE)
        if (def.kinds !== 'all' && !def.kinds.includes(kind)) expect([def.name, f[def.name]]).toEqual([def.name, null]);
    }
  });

  it('should compute P2P ratios and month-on-month trends from the report series', () => {
    const reports = [
      p2pReport({ newLenderCount: 1000, lenderCount: 20000 }, '2026-03-31'),
      p2pReport({ newLenderCount: 1000 }, '2026-05-31'),
      p2pReport(
        {
          newLenderCount: 400,
          lenderCount: 15000,
          payouts: '35000000.00',
          overdue: {
            upTo90Days: { count: 1, amount: '6000000.00' },
            from91To180Days: { count: 0, amount: '0' },
            over180Days: { count: 0, amount: '0' },
          },
        },
        '2026-06-30',
      ),
    ];
    const f = computeFeatures(firmHistory('p2p_lending', reports), asOf);
    expect(f.p2p_overdue_rate).toBeCloseTo(0.06);
    expect(f.p2p_overdue_rate_mom).toBeCloseTo(0.06 / 0.02 - 1);
    expect(f.p2p_new_lenders_mom).toBeCloseTo(-0.6);
    expect(f.p2p_lender_count_change_90d).toBeCloseTo(-0.25);
    expect(f.p2p_net_outflow_30d_ratio).toBeCloseTo(0.15);
    expect(f.p2p_yield_gap_pp).toBeCloseTo(0.5);
    expect(f.report_age_days).toBe(10);
  });

  it('should ignore records dated after asOf and treat a stale report as no data', () => {
    const f = computeFeatures(firmHistory('micro_loan', [microLoanReport({}, '2026-02-28')]), '2026-07-10');
    expect(f.mc_npl_ratio).toBeNull();
    expect(f.report_age_days).toBe(132);
    const future = computeFeatures(firmHistory('micro_loan', [microLoanReport({}, '2026-08-31')]), '2026-07-10');
    expect(future.report_age_days).toBeNull();
  });

  it('should make leverage unbounded on negative net assets instead of missing', () => {
    const f = computeFeatures(firmHistory('financing_guarantee', [guaranteeReport({ netAssets: '-1000.00' })]), asOf);
    expect(f.fg_leverage).toBe(RATIO_UNBOUNDED);
  });

  it('should read government feeds, findings and filings over their windows', () => {
    const code = '91310000MC0000001X';
    const h = firmHistory('micro_loan', undefined, {
      court: [
        {
          eventId: 'c1',
          firmCreditCode: code,
          occurredAt: '2026-06-01',
          caseNumber: '(2026)浙0102执1号',
          type: 'enforcement',
          subject: 'firm',
          amount: '20000000.00',
        },
        {
          eventId: 'c2',
          firmCreditCode: code,
          occurredAt: '2026-06-02',
          caseNumber: '(2026)浙0102民1号',
          type: 'lawsuit',
          subject: 'firm',
          plaintiffRole: 'lender',
        },
        {
          eventId: 'c3',
          firmCreditCode: code,
          occurredAt: '2025-01-01',
          caseNumber: '(2025)浙0102执9号',
          type: 'dishonest_list',
          subject: 'firm',
        },
      ],
      registry: [{ eventId: 'r1', firmCreditCode: code, occurredAt: '2026-03-01', type: 'shareholder_change' }],
      filings: [],
      findings: [
        { code: 'deposit_taking', confirmedAt: '2026-07-01' },
        { code: 'licence_renting', confirmedAt: '2026-01-01', closedAt: '2026-03-01' },
      ],
    });
    const f = computeFeatures(h, asOf);
    expect(f.court_enforcement_ratio_365d).toBeCloseTo(0.1);
    expect(f.court_lender_suits_90d).toBe(1);
    expect(f.court_firm_dishonest).toBe(false); // older than 365 days
    expect(f.registry_unfiled_changes).toBe(1);
    expect(f.finding_deposit_taking).toBe(true);
    expect(f.finding_licence_renting).toBe(false);
    expect(computeFeatures({ ...h, filings: undefined }, asOf).registry_unfiled_changes).toBeNull();
  });

  it('should count negative sentiment per window with the lexicon scorer', () => {
    const item = (id: string, publishedAt: string, title: string, channel: 'news' | 'complaint' = 'news') => ({
      itemId: id,
      source: 'x',
      channel,
      title,
      text: '',
      publishedAt,
    });
    const h = firmHistory('p2p_lending', undefined, {
      sentiment: [
        item('s1', '2026-07-01T10:00:00+08:00', '某平台疑似跑路，投资人集中维权'),
        item('s2', '2026-05-01T10:00:00+08:00', '平台出现逾期，提现困难'),
        item('s3', '2026-07-02T10:00:00+08:00', '平台辟谣：未出现逾期，运营正常'),
        item('s4', '2026-07-03T10:00:00+08:00', '投诉：客服不回复', 'complaint'),
      ],
    });
    const f = computeFeatures(h, asOf);
    expect(f.sentiment_negative_30d).toBe(2); // s1 and the complaint
    expect(f.sentiment_negative_90d).toBe(3);
    expect(f.sentiment_complaints_30d).toBe(1);
    expect(f.sentiment_negative_weighted_30d as number).toBeGreaterThan(5);
  });
});
