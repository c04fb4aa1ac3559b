// A fast, endless stream of valid daily reports for benchmarks and load tests: no latent story,
// just per-firm templates scaled by a little daily noise. Every record passes validateRecord;
// amounts are whole fen in JS numbers and formatted without BigInt, so 1M records take seconds.
import { creditCodeCheckChar } from '../../firms/credit-code';
import { FIRM_KINDS, FirmKind } from '../../firms/firm.entity';
import { GuaranteeReport, MicroLoanReport, P2pReport } from '../schemas/records';
import { HANGZHOU_REGION_CODES } from './firm-trajectory';
import { Prng } from './prng';

export type StreamedReport =
  | { kind: 'p2p_report'; firmCreditCode: string; record: P2pReport }
  | { kind: 'micro_loan_report'; firmCreditCode: string; record: MicroLoanReport }
  | { kind: 'guarantee_report'; firmCreditCode: string; record: GuaranteeReport };

interface Template {
  kind: FirmKind;
  code: string;
  /** Book size in fen. */
  size: number;
  overdue: number;
  yieldPct: string;
}

const BORROWER = withCheck('91330108MA2P3Q4R5');
const GB32100 = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Reports of `firms` firms, one per firm per day from 2025-01-01 on, firm by firm within a day,
 * without end: take as many as needed. Deterministic for a seed.
 */
export function* generateReportStream(
  seed: number,
  firms: number,
  startDate = '2025-01-01',
): Generator<StreamedReport> {
  const prng = new Prng(seed);
  const templates = Array.from({ length: firms }, (_, i) => template(prng, i));
  const start = Date.parse(`${startDate}T00:00:00Z`);
  for (let day = 0; ; day++) {
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    const compact = date.replaceAll('-', '');
    for (const t of templates) {
      const factor = 1 + (prng.next() - 0.5) * 0.02;
      const size = Math.round(t.size * factor);
      const reportId = `D-${t.code}-${compact}`;
      switch (t.kind) {
        case 'p2p_lending':
          yield { kind: 'p2p_report', firmCreditCode: t.code, record: p2p(t, reportId, date, size) };
          break;
        case 'micro_loan':
          yield { kind: 'micro_loan_report', firmCreditCode: t.code, record: microLoan(t, reportId, date, size) };
          break;
        case 'financing_guarantee':
          yield { kind: 'guarantee_report', firmCreditCode: t.code, record: guarantee(t, reportId, date, size) };
          break;
      }
    }
  }
}

function template(prng: Prng, index: number): Template {
  const region = HANGZHOU_REGION_CODES[index % HANGZHOU_REGION_CODES.length];
  // Organisation code from the index: unique per firm without a lookup set.
  let n = index;
  let org = '';
  for (let k = 0; k < 7; k++) {
    org = GB32100[n % 31] + org;
    n = Math.floor(n / 31);
  }
  return {
    kind: FIRM_KINDS[index % FIRM_KINDS.length],
    code: withCheck(`91${region}MB${org}`),
    size: Math.round(10 ** prng.uniform(7.5, 9)) * 100,
    overdue: prng.uniform(0.005, 0.08),
    yieldPct: prng.uniform(6, 14).toFixed(2),
  };
}

function withCheck(body17: string): string {
  return body17 + creditCodeCheckChar(body17);
}

/** Non-negative whole fen -> "123.45", without BigInt. */
function y(fen: number): string {
  const f = Math.round(fen);
  const cents = f % 100;
  return `${(f - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

function p2p(t: Template, reportId: string, date: string, size: number): P2pReport {
  const count = Math.max(10, Math.round(size / 5_000_000));
  const overdue = Math.round(size * t.overdue);
  const overdueCount = Math.max(3, Math.round(count * t.overdue));
  const a1 = Math.round(overdue * 0.7);
  const a2 = Math.round(overdue * 0.2);
  const top10 = Math.round(size * 0.2);
  const largest = Math.round(top10 * 0.25);
  const lenders = Math.max(100, Math.round(size / 5_000_000));
  return {
    reportId,
    firmCreditCode: t.code,
    periodType: 'daily',
    periodStart: date,
    periodEnd: date,
    outstanding: { count, amount: y(size) },
    cumulative: { count: count * 3, amount: y(size * 3) },
    lenderCount: lenders,
    newLenderCount: Math.round(lenders * 0.002),
    borrowerCount: Math.round(count * 0.8),
    top10BorrowerBalance: y(top10),
    largestBorrowerBalance: y(largest),
    relatedPartyLoanBalance: '0.00',
    overdue: {
      upTo90Days: { count: overdueCount - 2, amount: y(a1) },
      from91To180Days: { count: 1, amount: y(a2) },
      over180Days: { count: 1, amount: y(overdue - a1 - a2) },
    },
    compensation: '0.00',
    cumulativeCompensation: '0.00',
    newLending: y(size * 0.005),
    payouts: y(size * 0.0048),
    withdrawalDelayMaxDays: 0,
    withdrawalCapped: false,
    averageLoanTermDays: 180,
    averageLenderTermDays: 180,
    averageYield: t.yieldPct,
    custody: { bankName: '杭州银行', balance: y(size * 0.02), reconciledDaily: true },
    fees: y(size * 0.0001),
    largeBorrowers:
      largest > 20_000_000 ? [{ borrowerType: 'legal_person', idNumber: BORROWER, outstanding: y(largest) }] : [],
  };
}

function microLoan(t: Template, reportId: string, date: string, size: number): MicroLoanReport {
  const net = Math.round(size / 1.5);
  const bad = Math.round(size * t.overdue);
  const loss = Math.round(bad * 0.2);
  const doubtful = Math.round(bad * 0.3);
  const substandard = bad - loss - doubtful;
  const special = Math.round(size * 0.03);
  const normal = size - bad - special;
  const required = Math.round(normal * 0.01 + special * 0.02 + substandard * 0.25 + doubtful * 0.5 + loss);
  return {
    reportId,
    firmCreditCode: t.code,
    periodType: 'daily',
    periodStart: date,
    periodEnd: date,
    netAssets: y(net),
    netAssetsPriorYearEnd: y(net),
    loans: { count: Math.max(1, Math.round(size / 50_000_000)), amount: y(size) },
    largestBorrowerBalance: y(net * 0.05),
    largestBorrowerWithRelatedBalance: y(net * 0.07),
    nonStandardBorrowing: { bank: y(net * 0.4), shareholder: y(net * 0.1), other: '0.00' },
    standardisedBorrowing: { bonds: '0.00', abs: '0.00' },
    loanClassification: {
      normal: y(normal),
      specialMention: y(special),
      substandard: y(substandard),
      doubtful: y(doubtful),
      loss: y(loss),
    },
    overdue90PlusBalance: y(bad),
    provisionRequired: y(required),
    provisionActual: y(required * 1.2),
    newLoans: {
      lprOneYear: '3.00',
      atMostFourLpr: { count: 8, amount: y(size * 0.004) },
      aboveFourLprUpTo24: { count: 2, amount: y(size * 0.001) },
      above24: { count: 0, amount: '0.00' },
      maxAllInCost: '18.00',
    },
    upfrontDeductions: { count: 0, amount: '0.00' },
    outOfProvinceLoans: { count: 0, amount: '0.00' },
    online: { maxConsumerBalance: '0.00', maxBusinessBalance: '0.00' },
  };
}

function guarantee(t: Template, reportId: string, date: string, size: number): GuaranteeReport {
  const net = Math.round(size / 4);
  const total = Math.round(net * 1.3);
  const receivable = Math.round(net * 0.02);
  const rest = total - receivable;
  const classI = Math.round(rest * 0.3);
  const classII = Math.round(rest * 0.45);
  const cumulative = Math.round(size * t.overdue * 0.2);
  const small = Math.round(size * 0.6);
  const housing = Math.round(size * 0.1);
  return {
    reportId,
    firmCreditCode: t.code,
    periodType: 'daily',
    periodStart: date,
    periodEnd: date,
    netAssets: y(net),
    paidInCapital: y(net * 0.9),
    totalAssets: y(total),
    guaranteeLiability: {
      smallMicroAndFarmers: y(small),
      housing: y(housing),
      bondsAaPlus: '0.00',
      other: y(size - small - housing),
    },
    mainlySmallMicroAndRural: true,
    largestGuaranteedBalance: y(net * 0.05),
    largestGuaranteedWithRelatedBalance: y(net * 0.06),
    relatedPartyGuaranteeBalance: '0.00',
    assets: {
      classI: y(classI),
      classII: y(classII),
      classIII: y(rest - classI - classII),
      receivableCompensation: y(receivable),
    },
    feeIncomeYear: y(size * 0.01),
    unearnedRiskReserve: y(size * 0.006),
    claimsReserve: y(size * 0.012),
    compensation: y(cumulative * 0.01),
    cumulativeCompensation: y(cumulative),
    cumulativeRecoveries: y(cumulative * 0.3),
    cumulativeLosses: y(cumulative * 0.1),
    releasedGuarantees: y(size * 0.003),
  };
}
