import { FIRM_KINDS } from './firm.entity';
import { firmKindOfReport, REPORT_KINDS, reportKindOf } from './report-kinds';

describe('report-kinds', () => {
  it('should give every kind of firm its own report kind', () => {
    expect(FIRM_KINDS.map(reportKindOf)).toEqual(['p2p_report', 'micro_loan_report', 'guarantee_report']);
    expect(new Set(REPORT_KINDS).size).toBe(FIRM_KINDS.length);
  });

  it('should map each report kind back to its firm kind and nothing else to a firm kind', () => {
    for (const kind of FIRM_KINDS) expect(firmKindOfReport(reportKindOf(kind))).toBe(kind);
    expect(firmKindOfReport('contract')).toBeUndefined();
  });
});
