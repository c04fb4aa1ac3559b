import type { ContractRecord, KeyPersonsRecord } from '../../ingest/schemas/records';
import { computeFeatures } from '../features/compute-features';
import { firmHistory, guaranteeReport, p2pReport } from '../features/firm-history.factory';
import { rescoreFirms } from '../rescore';
import { BUNDLED_PACKS_DIR, loadRulePacks } from '../rules/load-rule-pack';
import { graphInsiders, insiderBalances, insiderLoans, insidersOf } from './insider-lending';
import { buildOwnershipGraph } from './ownership-graph';

const asOf = '2026-07-10';
const CONTROLLER = 'kh1:controller';
const keyPersons = (firm: string): KeyPersonsRecord => ({
  recordId: 'kp-1',
  firmCreditCode: firm,
  asOf: '2026-01-01',
  persons: [
    { role: 'actual_controller', name: '张三', personType: 'natural_person', idNumber: CONTROLLER },
    { role: 'director', name: '李四', personType: 'natural_person', idNumber: 'kh1:director' },
  ],
});
const loan = (borrower: string, overrides: Partial<ContractRecord> = {}): ContractRecord => ({
  contractId: 'LOAN-1',
  firmCreditCode: 'x',
  contractType: 'loan',
  signedAt: '2026-05-01',
  startDate: '2026-05-01',
  endDate: '2027-05-01',
  principal: '3000000.00',
  parties: [
    { role: 'lender', name: '出借人', partyType: 'natural_person', idNumber: 'kh1:lender' },
    { role: 'borrower', name: '张某', partyType: 'natural_person', idNumber: borrower },
  ],
  documentSha256: '0'.repeat(64),
  documentMediaType: 'application/pdf',
  ...overrides,
});

describe(insiderLoans.name, () => {
  const base = firmHistory('p2p_lending');
  const h = {
    ...base,
    keyPersons: [keyPersons(base.firm.creditCode)],
    contracts: [loan(CONTROLLER), loan('kh1:stranger', { contractId: 'LOAN-2' })],
  };

  it("should fire on a loan whose borrower's keyed hash equals the controller's, with the path", () => {
    expect(insiderLoans(h, asOf, insidersOf(h, asOf))).toEqual([
      {
        source: 'contract',
        ref: 'LOAN-1',
        counterpartyRole: 'borrower',
        counterparty: '张某',
        amount: 3_000_000,
        path: ['张三', '实控人', '测试p2p_lending'],
      },
    ]);
  });

  it('should raise EW-03 through the related-party loan balance when the firm reported none', () => {
    expect(computeFeatures(base, asOf).p2p_related_party_loan_balance).toBe(0);
    const f = computeFeatures(h, asOf);
    expect(f.insider_loan_balance).toBe(3_000_000);
    expect(f.p2p_related_party_loan_balance).toBe(3_000_000);
    const { assessments } = rescoreFirms({ histories: [h], asOf, packs: loadRulePacks(BUNDLED_PACKS_DIR) });
    expect(assessments[0].explanation.rulesFired.map((r) => r.ruleId)).toContain('EW-03');
    expect(assessments[0].explanation.insiderLending).toEqual([
      expect.objectContaining({ ref: 'LOAN-1', path: ['张三', '实控人', '测试p2p_lending'] }),
    ]);
  });

  it('should not fire on a loan that ended, to a stranger, or without insiders', () => {
    expect(
      insiderLoans({ ...h, contracts: [loan(CONTROLLER, { endDate: '2026-06-30' })] }, asOf, insidersOf(h, asOf)),
    ).toEqual([]);
    expect(insiderLoans({ ...base, contracts: h.contracts }, asOf, insidersOf(base, asOf))).toEqual([]);
    const { assessments } = rescoreFirms({ histories: [base], asOf, packs: loadRulePacks(BUNDLED_PACKS_DIR) });
    expect(assessments[0].explanation).not.toHaveProperty('insiderLending');
  });

  it('should find insiders on the registry lists and in the large-borrower list, counting each once', () => {
    const report = p2pReport(
      {
        largeBorrowers: [
          { borrowerType: 'natural_person', idNumber: 'kh1:holder', outstanding: '800000.00' },
          { borrowerType: 'natural_person', idNumber: CONTROLLER, outstanding: '3000000.00' },
        ],
      },
      '2026-06-30',
      base.firm.creditCode,
    );
    const withRegistry = {
      ...h,
      reports: [report],
      registry: [
        {
          eventId: 'r1',
          firmCreditCode: base.firm.creditCode,
          occurredAt: '2026-03-01',
          type: 'registration_snapshot' as const,
          shareholders: [
            { name: '王五', holderType: 'natural_person' as const, idNumber: 'kh1:holder', sharePct: '30' },
          ],
        },
      ],
    };
    const found = insiderLoans(withRegistry, asOf, insidersOf(withRegistry, asOf));
    expect(found.map((l) => [l.source, l.path])).toEqual([
      ['contract', ['张三', '实控人', '测试p2p_lending']],
      ['large_borrower', ['王五', '股东 30%', '测试p2p_lending']],
      ['large_borrower', ['张三', '实控人', '测试p2p_lending']],
    ]);
    expect(insiderBalances(found)).toEqual({ lent: 3_800_000, guaranteed: 0 });
  });

  it('should add the insiders the ownership graph finds further away', () => {
    const far = {
      idHash: 'kh1:far',
      name: '远端控股',
      path: ['远端控股', '股东 60%', 'B公司', '股东 50%', '测试p2p_lending'],
    };
    const found = insiderLoans({ ...base, contracts: [loan('kh1:far')] }, asOf, insidersOf(base, asOf, [far]));
    expect(found[0].path).toEqual(far.path);
  });

  it('should raise the related-party guarantee ratio of a guarantor that guarantees its controller', () => {
    const g = firmHistory('financing_guarantee', [
      guaranteeReport({ netAssets: '100000000.00', relatedPartyGuaranteeBalance: '0.00' }, '2026-06-30'),
    ]);
    const guarantee = loan(CONTROLLER, {
      contractType: 'guarantee',
      parties: [
        { role: 'guarantor', name: 'G', partyType: 'legal_person', idNumber: 'kh1:g' },
        { role: 'guaranteed', name: '张某', partyType: 'natural_person', idNumber: CONTROLLER },
      ],
    });
    const f = computeFeatures({ ...g, keyPersons: [keyPersons(g.firm.creditCode)], contracts: [guarantee] }, asOf);
    expect(f.insider_guarantee_balance).toBe(3_000_000);
    expect(f.fg_related_party_guarantee_ratio).toBeCloseTo(0.03);
  });

  it('should take owners through corporate layers and related supervised firms from the ownership graph', () => {
    const kp = (firm: string, persons: KeyPersonsRecord['persons']): KeyPersonsRecord => ({
      recordId: `kp-${firm}`,
      firmCreditCode: firm,
      asOf: '2026-01-01',
      persons,
    });
    const g = buildOwnershipGraph(
      [
        kp('FIRM', [
          { role: 'shareholder', name: 'B公司', personType: 'legal_person', idNumber: 'kh1:B', sharePct: '50' },
          { role: 'director', name: '李四', personType: 'natural_person', idNumber: 'kh1:li' },
        ]),
        kp('OTHER', [{ role: 'actual_controller', name: '李四', personType: 'natural_person', idNumber: 'kh1:li' }]),
      ],
      asOf,
      new Map([
        ['FIRM', '甲公司'],
        ['OTHER', '乙公司'],
      ]),
      [
        {
          eventId: 'r',
          firmCreditCode: 'kh1:B',
          occurredAt: '2026-01-01',
          type: 'registration_snapshot',
          shareholders: [{ name: 'A控股', holderType: 'legal_person', idNumber: 'kh1:A', sharePct: '60' }],
        },
      ],
    );
    const found = graphInsiders(g, 'FIRM', (code) => `kh1:code-${code}`);
    expect(found).toEqual(
      expect.arrayContaining([
        { idHash: 'kh1:A', name: 'A控股', path: ['A控股', '股东 60%', 'B公司', '股东 50%', '甲公司'] },
        { idHash: 'kh1:code-OTHER', name: '乙公司', path: ['乙公司', '实控人', '李四', '董事', '甲公司'] },
      ]),
    );
  });
});
