// Complete, valid example records, one factory per kind, with shallow overrides:
// `examples.p2pReport({ lenderCount: 5 })`. Unit and integration tests build bad inputs from these,
// so each example must stay valid on its own (examples.spec.ts checks that).
import { createHash } from 'node:crypto';
import { creditCodeCheckChar } from '../../firms/credit-code';
import {
  ContractRecord,
  CourtEvent,
  GuaranteeReport,
  KeyPersonsRecord,
  MicroLoanReport,
  P2pReport,
  RecordKind,
  RecordsByKind,
  RegistryEvent,
  SentimentItem,
  SocialSecurityEvent,
  TaxEvent,
} from './records';
import { residentIdCheckChar } from './resident-id';

function creditCode(body17: string): string {
  return body17 + creditCodeCheckChar(body17);
}

function residentId(body17: string): string {
  return body17 + residentIdCheckChar(body17);
}

/** Ids used throughout the examples (all with valid check characters). */
export const EXAMPLE_IDS = {
  p2pFirm: creditCode('91330106MA2B3C4D5'),
  microLoanFirm: creditCode('91330102MA2H6J7K8'),
  guaranteeFirm: creditCode('91330105MA2L9M1N2'),
  company: creditCode('91330108MA2P3Q4R5'),
  bank: creditCode('91330100MA2T6U7W8'),
  person: residentId('33010619800101123'),
  otherPerson: residentId('33010219751231002'),
} as const;

const DOCUMENT = Buffer.from('借款合同\n合同编号: CT-2025-0001\n金额: 500000.00 元\n', 'utf8');

function p2pReport(overrides: Partial<P2pReport> = {}): P2pReport {
  return {
    reportId: 'RPT-2025-03',
    firmCreditCode: EXAMPLE_IDS.p2pFirm,
    periodType: 'monthly',
    periodStart: '2025-03-01',
    periodEnd: '2025-03-31',
    outstanding: { count: 5200, amount: '300000000.00' },
    cumulative: { count: 21000, amount: '1200000000.00' },
    lenderCount: 8000,
    newLenderCount: 300,
    borrowerCount: 4100,
    top10BorrowerBalance: '30000000.00',
    largestBorrowerBalance: '5000000.00',
    relatedPartyLoanBalance: '0.00',
    overdue: {
      upTo90Days: { count: 120, amount: '6000000.00' },
      from91To180Days: { count: 30, amount: '1500000.00' },
      over180Days: { count: 10, amount: '500000.00' },
    },
    compensation: '0.00',
    cumulativeCompensation: '0.00',
    newLending: '45000000.00',
    payouts: '43000000.00',
    withdrawalDelayMaxDays: 0,
    withdrawalCapped: false,
    averageLoanTermDays: 180,
    averageLenderTermDays: 180,
    averageYield: '8.5',
    custody: { bankName: '杭州银行', balance: '6000000.00', reconciledDaily: true },
    fees: '600000.00',
    largeBorrowers: [{ borrowerType: 'legal_person', idNumber: EXAMPLE_IDS.company, outstanding: '5000000.00' }],
    ...overrides,
  };
}

function microLoanReport(overrides: Partial<MicroLoanReport> = {}): MicroLoanReport {
  return {
    reportId: 'RPT-2025-03',
    firmCreditCode: EXAMPLE_IDS.microLoanFirm,
    periodType: 'monthly',
    periodStart: '2025-03-01',
    periodEnd: '2025-03-31',
    netAssets: '200000000.00',
    netAssetsPriorYearEnd: '195000000.00',
    loans: { count: 900, amount: '280000000.10' },
    largestBorrowerBalance: '15000000.00',
    largestBorrowerWithRelatedBalance: '20000000.00',
    nonStandardBorrowing: { bank: '80000000.00', shareholder: '20000000.00', other: '0.00' },
    standardisedBorrowing: { bonds: '0.00', abs: '0.00' },
    // The .10 fen in substandard makes a float sum drift; exact arithmetic must still balance it.
    loanClassification: {
      normal: '260000000.00',
      specialMention: '10000000.00',
      substandard: '6000000.10',
      doubtful: '3000000.00',
      loss: '1000000.00',
    },
    overdue90PlusBalance: '7000000.00',
    provisionRequired: '4800000.00',
    provisionActual: '5500000.00',
    newLoans: {
      lprOneYear: '3.0',
      atMostFourLpr: { count: 80, amount: '24000000.00' },
      aboveFourLprUpTo24: { count: 20, amount: '6000000.00' },
      above24: { count: 0, amount: '0.00' },
      maxAllInCost: '18.5',
    },
    upfrontDeductions: { count: 0, amount: '0.00' },
    outOfProvinceLoans: { count: 0, amount: '0.00' },
    online: { maxConsumerBalance: '0.00', maxBusinessBalance: '0.00' },
    ...overrides,
  };
}

function guaranteeReport(overrides: Partial<GuaranteeReport> = {}): GuaranteeReport {
  return {
    reportId: 'RPT-2025-03',
    firmCreditCode: EXAMPLE_IDS.guaranteeFirm,
    periodType: 'monthly',
    periodStart: '2025-03-01',
    periodEnd: '2025-03-31',
    netAssets: '500000000.00',
    paidInCapital: '450000000.00',
    totalAssets: '650000000.00',
    guaranteeLiability: {
      smallMicroAndFarmers: '1200000000.00',
      housing: '200000000.00',
      bondsAaPlus: '100000000.00',
      other: '500000000.00',
    },
    mainlySmallMicroAndRural: true,
    largestGuaranteedBalance: '30000000.00',
    largestGuaranteedWithRelatedBalance: '40000000.00',
    relatedPartyGuaranteeBalance: '0.00',
    assets: {
      classI: '200000000.00',
      classII: '250000000.00',
      classIII: '180000000.00',
      receivableCompensation: '20000000.00',
    },
    feeIncomeYear: '7500000.00',
    unearnedRiskReserve: '4000000.00',
    claimsReserve: '24000000.00',
    compensation: '1000000.00',
    cumulativeCompensation: '30000000.00',
    cumulativeRecoveries: '8000000.00',
    cumulativeLosses: '2000000.00',
    releasedGuarantees: '150000000.00',
    ...overrides,
  };
}

function contract(overrides: Partial<ContractRecord> = {}): ContractRecord {
  return {
    contractId: 'CT-2025-0001',
    firmCreditCode: EXAMPLE_IDS.microLoanFirm,
    contractType: 'loan',
    signedAt: '2025-03-10',
    startDate: '2025-03-11',
    endDate: '2026-03-10',
    principal: '500000.00',
    annualRate: '12.0',
    parties: [
      {
        role: 'lender',
        name: '杭州上城区科技小额贷款有限公司',
        partyType: 'legal_person',
        idNumber: EXAMPLE_IDS.microLoanFirm,
      },
      { role: 'borrower', name: '张伟', partyType: 'natural_person', idNumber: EXAMPLE_IDS.person },
    ],
    documentSha256: createHash('sha256').update(DOCUMENT).digest('hex'),
    documentMediaType: 'text/plain; charset=utf-8',
    documentBase64: DOCUMENT.toString('base64'),
    ...overrides,
  };
}

function keyPersons(overrides: Partial<KeyPersonsRecord> = {}): KeyPersonsRecord {
  return {
    recordId: 'KP-2025-03',
    firmCreditCode: EXAMPLE_IDS.p2pFirm,
    asOf: '2025-03-01',
    persons: [
      { role: 'legal_representative', name: '张伟', personType: 'natural_person', idNumber: EXAMPLE_IDS.person },
      { role: 'actual_controller', name: '张伟', personType: 'natural_person', idNumber: EXAMPLE_IDS.person },
      { role: 'shareholder', name: '张伟', personType: 'natural_person', idNumber: EXAMPLE_IDS.person, sharePct: '60' },
      {
        role: 'shareholder',
        name: '杭州鑫融投资管理有限公司',
        personType: 'legal_person',
        idNumber: EXAMPLE_IDS.company,
        sharePct: '40',
      },
      { role: 'supervisor', name: '李娜', personType: 'natural_person', idNumber: EXAMPLE_IDS.otherPerson },
    ],
    ...overrides,
  };
}

function registryEvent(overrides: Partial<RegistryEvent> = {}): RegistryEvent {
  return {
    eventId: 'REG-0001',
    firmCreditCode: EXAMPLE_IDS.p2pFirm,
    occurredAt: '2025-03-15',
    type: 'abnormal_operation_list',
    detail: '通过登记的住所无法联系',
    ...overrides,
  };
}

function taxEvent(overrides: Partial<TaxEvent> = {}): TaxEvent {
  return {
    eventId: 'TAX-0001',
    firmCreditCode: EXAMPLE_IDS.p2pFirm,
    occurredAt: '2025-03-15',
    type: 'arrears_notice',
    amount: '125000.00',
    ...overrides,
  };
}

function courtEvent(overrides: Partial<CourtEvent> = {}): CourtEvent {
  return {
    eventId: 'CRT-0001',
    firmCreditCode: EXAMPLE_IDS.p2pFirm,
    occurredAt: '2025-03-15',
    caseNumber: '(2025)浙0106民初1234号',
    type: 'lawsuit',
    subject: 'firm',
    amount: '200000.00',
    plaintiffRole: 'lender',
    ...overrides,
  };
}

function socialSecurityEvent(overrides: Partial<SocialSecurityEvent> = {}): SocialSecurityEvent {
  return {
    eventId: 'SSE-0001',
    firmCreditCode: EXAMPLE_IDS.p2pFirm,
    occurredAt: '2025-03-31',
    fund: 'social_security',
    insuredHeadcount: 120,
    arrears: '0.00',
    ...overrides,
  };
}

function sentimentItem(overrides: Partial<SentimentItem> = {}): SentimentItem {
  return {
    itemId: 'SNT-0001',
    firmCreditCode: EXAMPLE_IDS.p2pFirm,
    source: '黑猫投诉',
    channel: 'complaint',
    title: '提现逾期未到账',
    text: '本人在该平台出借的资金到期后申请提现，至今逾期未到账，要求平台尽快兑付。',
    publishedAt: '2025-03-20T09:30:00+08:00',
    url: 'https://news.example.cn/item/snt-0001',
    ...overrides,
  };
}

export const examples = {
  p2pReport,
  microLoanReport,
  guaranteeReport,
  contract,
  keyPersons,
  registryEvent,
  taxEvent,
  courtEvent,
  socialSecurityEvent,
  sentimentItem,
};

/** A valid example of any kind, for tests that loop over RECORD_KINDS. */
export function exampleOf<K extends RecordKind>(kind: K): RecordsByKind[K] {
  const byKind: { [P in RecordKind]: () => RecordsByKind[P] } = {
    p2p_report: p2pReport,
    micro_loan_report: microLoanReport,
    guarantee_report: guaranteeReport,
    contract,
    key_persons: keyPersons,
    registry_event: registryEvent,
    tax_event: taxEvent,
    court_event: courtEvent,
    social_security_event: socialSecurityEvent,
    sentiment_item: sentimentItem,
  };
  return byKind[kind]();
}
