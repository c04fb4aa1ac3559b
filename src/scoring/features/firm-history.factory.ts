import type { FirmKind } from '../../firms/firm.entity';
import type { GuaranteeReport, IsoDate, MicroLoanReport, P2pReport } from '../../ingest/schemas/records';
import type { FirmHistory, KindReport } from './firm-history';

// Factories for specs and the benchmark: complete, healthy records with overrides, as STYLE.md asks.

const ca = (count: number, amount: string) => ({ count, amount });

function header(creditCode: string, periodEnd: IsoDate) {
  return {
    reportId: `${creditCode}-${periodEnd}`,
    firmCreditCode: creditCode,
    periodType: 'monthly' as const,
    periodStart: `${periodEnd.slice(0, 8)}01`,
    periodEnd,
  };
}

export function p2pReport(
  overrides: Partial<P2pReport> = {},
  periodEnd: IsoDate = '2026-06-30',
  creditCode = '91310000P2P000001X',
): P2pReport {
  return {
    ...header(creditCode, periodEnd),
    outstanding: ca(5000, '100000000.00'),
    cumulative: ca(40000, '900000000.00'),
    lenderCount: 20000,
    newLenderCount: 1000,
    borrowerCount: 4000,
    top10BorrowerBalance: '10000000.00',
    largestBorrowerBalance: '200000.00', // not above the lowest cap: the list need not name the borrower
    relatedPartyLoanBalance: '0.00',
    overdue: {
      upTo90Days: ca(50, '1000000.00'),
      from91To180Days: ca(10, '500000.00'),
      over180Days: ca(5, '500000.00'),
    },
    compensation: '0.00',
    cumulativeCompensation: '0.00',
    newLending: '20000000.00',
    payouts: '19000000.00',
    withdrawalDelayMaxDays: 0,
    withdrawalCapped: false,
    averageLoanTermDays: 180,
    averageLenderTermDays: 180,
    averageYield: '8.5',
    custody: { bankName: '某商业银行', balance: '30000000.00', reconciledDaily: true },
    fees: '300000.00',
    largeBorrowers: [],
    ...overrides,
  };
}

export function microLoanReport(
  overrides: Partial<MicroLoanReport> = {},
  periodEnd: IsoDate = '2026-06-30',
  creditCode = '91310000MC0000001X',
): MicroLoanReport {
  return {
    ...header(creditCode, periodEnd),
    netAssets: '200000000.00',
    netAssetsPriorYearEnd: '200000000.00',
    loans: ca(3000, '300000000.00'),
    largestBorrowerBalance: '10000000.00',
    largestBorrowerWithRelatedBalance: '15000000.00',
    nonStandardBorrowing: { bank: '50000000.00', shareholder: '20000000.00', other: '0.00' },
    standardisedBorrowing: { bonds: '0.00', abs: '100000000.00' },
    loanClassification: {
      normal: '285000000.00',
      specialMention: '6000000.00',
      substandard: '4000000.00',
      doubtful: '3000000.00',
      loss: '2000000.00',
    },
    overdue90PlusBalance: '6000000.00',
    provisionRequired: '9000000.00',
    provisionActual: '10000000.00',
    newLoans: {
      lprOneYear: '3.0',
      atMostFourLpr: ca(200, '40000000.00'),
      aboveFourLprUpTo24: ca(0, '0.00'),
      above24: ca(0, '0.00'),
      maxAllInCost: '11.5',
    },
    upfrontDeductions: ca(0, '0.00'),
    outOfProvinceLoans: ca(0, '0.00'),
    online: { maxConsumerBalance: '0.00', maxBusinessBalance: '0.00' },
    ...overrides,
  };
}

export function guaranteeReport(
  overrides: Partial<GuaranteeReport> = {},
  periodEnd: IsoDate = '2026-06-30',
  creditCode = '91310000FG0000001X',
): GuaranteeReport {
  return {
    ...header(creditCode, periodEnd),
    netAssets: '300000000.00',
    paidInCapital: '250000000.00',
    totalAssets: '400000000.00',
    guaranteeLiability: {
      smallMicroAndFarmers: '800000000.00',
      housing: '0.00',
      bondsAaPlus: '0.00',
      other: '1000000000.00',
    },
    mainlySmallMicroAndRural: false,
    largestGuaranteedBalance: '20000000.00',
    largestGuaranteedWithRelatedBalance: '30000000.00',
    relatedPartyGuaranteeBalance: '0.00',
    assets: {
      classI: '120000000.00',
      classII: '200000000.00',
      classIII: '70000000.00',
      receivableCompensation: '10000000.00',
    },
    feeIncomeYear: '30000000.00',
    unearnedRiskReserve: '16000000.00',
    claimsReserve: '20000000.00',
    compensation: '500000.00',
    cumulativeCompensation: '20000000.00',
    cumulativeRecoveries: '5000000.00',
    cumulativeLosses: '2000000.00',
    releasedGuarantees: '100000000.00',
    ...overrides,
  };
}

const CODES: Record<FirmKind, string> = {
  p2p_lending: '91310000P2P000001X',
  micro_loan: '91310000MC0000001X',
  financing_guarantee: '91310000FG0000001X',
};

/** A firm history with the given reports (or one healthy report at 2026-06-30) and no events. */
export function firmHistory(kind: FirmKind, reports?: KindReport[], overrides: Partial<FirmHistory> = {}): FirmHistory {
  const creditCode = CODES[kind];
  const defaultReport =
    kind === 'p2p_lending' ? p2pReport() : kind === 'micro_loan' ? microLoanReport() : guaranteeReport();
  return {
    firm: { id: `firm-${kind}`, creditCode, kind, regionCode: '310101', name: `测试${kind}` },
    reports: reports ?? [defaultReport],
    contracts: [],
    keyPersons: [],
    registry: [],
    tax: [],
    court: [],
    socialSecurity: [
      {
        eventId: 'ss-1',
        firmCreditCode: creditCode,
        occurredAt: '2026-06-15',
        fund: 'social_security',
        insuredHeadcount: 120,
        arrears: '0.00',
      },
    ],
    sentiment: [],
    findings: [],
    filings: [],
    market: { p2pPeerMedianYieldPct: 8, crossPlatformOutstanding: new Map(), dishonestIds: new Set() },
    ...overrides,
  };
}
