import type { FirmKind } from './firm.entity';

/** The periodic report (监管报表) each kind of firm files, as the record kind it travels as. */
export const REPORT_KIND_OF_FIRM = {
  p2p_lending: 'p2p_report', // 网贷机构报表
  micro_loan: 'micro_loan_report', // 小额贷款公司报表
  financing_guarantee: 'guarantee_report', // 融资担保公司报表
} as const satisfies Readonly<Record<FirmKind, string>>;

export type ReportKind = (typeof REPORT_KIND_OF_FIRM)[FirmKind];

export const REPORT_KINDS: readonly ReportKind[] = Object.values(REPORT_KIND_OF_FIRM);

export function reportKindOf(kind: FirmKind): ReportKind {
  return REPORT_KIND_OF_FIRM[kind];
}

/** The kind of firm that files `recordKind`; undefined for a record that is no periodic report. */
export function firmKindOfReport(recordKind: string): FirmKind | undefined {
  return (Object.keys(REPORT_KIND_OF_FIRM) as FirmKind[]).find((k) => REPORT_KIND_OF_FIRM[k] === recordKind);
}
