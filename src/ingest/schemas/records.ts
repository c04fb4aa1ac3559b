// The records supervised firms and government feeds submit, as plain typed data. Field names are
// English; each carries its regulatory term once, here. JSON Schemas in this folder validate them
// (versioned, served by the API); the scoring features read them.
//
// Conventions: money is `Yuan`, an exact decimal string with at most 2 decimals ("1234567.89"),
// never a float; percentages are decimal strings too ("12.5" = 12.5 %); dates are ISO 8601
// (`YYYY-MM-DD`), instants are RFC 3339 with a zone. Firms are identified by their unified social
// credit code (统一社会信用代码). Identity numbers of persons (身份证号) travel over TLS only: the
// bureau stores a keyed hash, never the clear number.

/** Exact decimal yuan amount, e.g. "1250000.00". */
export type Yuan = string;
/** Exact decimal percentage, e.g. "18.5" meaning 18.5 %. */
export type Percent = string;
/** ISO 8601 calendar date, YYYY-MM-DD. */
export type IsoDate = string;
/** RFC 3339 instant with zone, e.g. 2026-11-01T08:00:00+08:00. */
export type Instant = string;

export const RECORD_KINDS = [
  'p2p_report',
  'micro_loan_report',
  'guarantee_report',
  'contract',
  'key_persons',
  'registry_event',
  'tax_event',
  'court_event',
  'social_security_event',
  'sentiment_item',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** What every periodic report carries. A report for the same firm, kind and period supersedes the earlier one (更正). */
export interface ReportHeader {
  /** The firm's own id of this submission; with the firm it makes the submission idempotent. */
  reportId: string;
  firmCreditCode: string;
  periodType: 'daily' | 'monthly' | 'quarterly' | 'annual';
  periodStart: IsoDate;
  periodEnd: IsoDate;
}

export interface CountAmount {
  count: number;
  amount: Yuan;
}

/** A borrower above the per-borrower caps (P2P-01..04); the id number is keyed-hashed at intake. */
export interface LargeBorrower {
  borrowerType: 'natural_person' | 'legal_person';
  /** 身份证号 or 统一社会信用代码 of the borrower. */
  idNumber: string;
  /** 借款余额 on this platform. */
  outstanding: Yuan;
}

/** 网络借贷信息中介机构 operating report (经营数据报送), monthly or daily. */
export interface P2pReport extends ReportHeader {
  outstanding: CountAmount; // 借贷余额 / 笔数
  cumulative: CountAmount; // 累计借贷金额 / 笔数
  lenderCount: number; // 当期出借人数量
  newLenderCount: number; // 新增出借人
  borrowerCount: number; // 当期借款人数量
  top10BorrowerBalance: Yuan; // 前十大借款人待还金额
  largestBorrowerBalance: Yuan; // 最大单一借款人待还金额
  relatedPartyLoanBalance: Yuan; // 关联关系借款余额
  overdue: {
    // 逾期 by bucket of days past due
    upTo90Days: CountAmount;
    from91To180Days: CountAmount;
    over180Days: CountAmount;
  };
  compensation: Yuan; // 代偿金额 in the period
  cumulativeCompensation: Yuan; // 累计代偿金额
  newLending: Yuan; // 新增借贷金额
  payouts: Yuan; // 兑付 / 提现金额
  withdrawalDelayMaxDays: number; // 提现最长延迟天数
  withdrawalCapped: boolean; // 限制提现 (caps or queues)
  averageLoanTermDays: number; // 借款端平均期限
  averageLenderTermDays: number; // 出借端平均期限 (shorter than the loan term = 期限拆分)
  averageYield: Percent; // 出借人平均年化收益率
  custody: {
    // 资金存管
    bankName: string;
    balance: Yuan;
    reconciledDaily: boolean; // 每日对账
  };
  fees: Yuan; // 平台收费
  largeBorrowers: LargeBorrower[];
}

/** 小额贷款公司 report. */
export interface MicroLoanReport extends ReportHeader {
  netAssets: Yuan; // 净资产
  netAssetsPriorYearEnd: Yuan; // 上年末净资产
  loans: CountAmount; // 贷款余额 / 笔数
  largestBorrowerBalance: Yuan; // 单户最大贷款余额
  largestBorrowerWithRelatedBalance: Yuan; // 单户及其关联方贷款余额
  nonStandardBorrowing: {
    // 非标准化融资
    bank: Yuan;
    shareholder: Yuan;
    other: Yuan;
  };
  standardisedBorrowing: {
    // 标准化债权类资产融资
    bonds: Yuan;
    abs: Yuan;
  };
  /** 五级分类; must add up to loans.amount. */
  loanClassification: { normal: Yuan; specialMention: Yuan; substandard: Yuan; doubtful: Yuan; loss: Yuan };
  overdue90PlusBalance: Yuan; // 逾期90天以上贷款余额
  provisionRequired: Yuan; // 应提贷款损失准备
  provisionActual: Yuan; // 实提贷款损失准备
  /** 新发放贷款综合融资成本分布 (MC-05), against the 1-year LPR of the period. */
  newLoans: {
    lprOneYear: Percent; // 一年期LPR
    atMostFourLpr: CountAmount; // ≤ 4×LPR
    aboveFourLprUpTo24: CountAmount; // 4×LPR < cost ≤ 24%
    above24: CountAmount; // > 24%
    maxAllInCost: Percent; // 最高综合年化成本
  };
  upfrontDeductions: CountAmount; // 砍头息: disbursed less than contract principal
  outOfProvinceLoans: CountAmount; // 跨省贷款
  online: {
    // 网络小额贷款单户最高余额
    maxConsumerBalance: Yuan;
    maxBusinessBalance: Yuan;
  };
}

/** 融资担保责任余额 by risk-weight class (融资担保责任余额计量办法). */
export interface GuaranteeLiabilityByClass {
  smallMicroAndFarmers: Yuan; // 单户≤500万小微 / ≤200万农户, weight 75%
  housing: Yuan; // 住房置业担保, 30%
  bondsAaPlus: Yuan; // AA+ 以上债券发行担保, 80%
  other: Yuan; // 其他, 100%
}

/** 融资担保公司 report. */
export interface GuaranteeReport extends ReportHeader {
  netAssets: Yuan; // 净资产
  paidInCapital: Yuan; // 实缴货币资本
  totalAssets: Yuan; // 资产总额
  guaranteeLiability: GuaranteeLiabilityByClass; // 融资担保责任余额 (before weights)
  mainlySmallMicroAndRural: boolean; // 主要服务小微和农户 (10× → 15×)
  largestGuaranteedBalance: Yuan; // 单一被担保人责任余额
  largestGuaranteedWithRelatedBalance: Yuan; // 单一被担保人及其关联方
  relatedPartyGuaranteeBalance: Yuan; // 为关联方担保余额 (FG-03)
  assets: {
    // 资产比例管理办法, of total assets less receivable compensation
    classI: Yuan; // Ⅰ级: cash, deposits, government and AAA bonds
    classII: Yuan; // Ⅱ级
    classIII: Yuan; // Ⅲ级
    receivableCompensation: Yuan; // 应收代偿款
  };
  feeIncomeYear: Yuan; // 当年担保费收入
  unearnedRiskReserve: Yuan; // 未到期责任准备金
  claimsReserve: Yuan; // 担保赔偿准备金
  compensation: Yuan; // 当期代偿
  cumulativeCompensation: Yuan; // 累计代偿
  cumulativeRecoveries: Yuan; // 累计追偿
  cumulativeLosses: Yuan; // 累计损失核销
  releasedGuarantees: Yuan; // 当期解除担保额
}

/** A contract (合同) with its document kept off-chain and addressed by hash. */
export interface ContractRecord {
  contractId: string;
  firmCreditCode: string;
  contractType: 'loan' | 'guarantee' | 'entrustment'; // 借款 / 担保 / 委托
  signedAt: IsoDate;
  startDate: IsoDate;
  endDate: IsoDate;
  principal: Yuan;
  annualRate?: Percent; // 综合年化成本 where applicable
  parties: Array<{
    role: 'lender' | 'borrower' | 'guarantor' | 'guaranteed' | 'entrusting' | 'entrusted';
    name: string;
    partyType: 'natural_person' | 'legal_person';
    idNumber: string; // keyed-hashed at intake
  }>;
  /** SHA-256 (hex) of the document bytes (PDF, image); the bytes come along or were uploaded before. */
  documentSha256: string;
  documentMediaType: string;
  /** Base64 of the document bytes; optional when the same hash was uploaded already. */
  documentBase64?: string;
}

export const KEY_PERSON_ROLES = [
  'legal_representative', // 法定代表人
  'actual_controller', // 实际控制人
  'shareholder', // 股东
  'director', // 董事
  'supervisor', // 监事
  'manager', // 高级管理人员
] as const;
export type KeyPersonRole = (typeof KEY_PERSON_ROLES)[number];

/** 关键人员: the full current list for a firm; a newer list replaces the older one. */
export interface KeyPersonsRecord {
  recordId: string;
  firmCreditCode: string;
  asOf: IsoDate;
  persons: Array<{
    role: KeyPersonRole;
    name: string;
    personType: 'natural_person' | 'legal_person';
    idNumber: string; // 身份证号 or 统一社会信用代码, keyed-hashed at intake
    sharePct?: Percent; // shareholders: 持股比例; all shareholders add up to at most 100
  }>;
}

interface GovEventBase {
  /** The feed's own id of the event; with the source it makes the event idempotent. */
  eventId: string;
  firmCreditCode: string;
  occurredAt: IsoDate;
}

/** A shareholder on the registry (股东及出资信息); identity numbers are keyed-hashed at intake. */
export interface RegistryShareholder {
  name: string;
  holderType: 'natural_person' | 'legal_person';
  /** 身份证号 or 统一社会信用代码; absent when the registry publishes the name only. */
  idNumber?: string;
  sharePct: Percent; // 持股比例
  subscribedCapital?: Yuan; // 认缴出资额
  paidInCapital?: Yuan; // 实缴出资额
  since?: IsoDate; // 出资/登记日期
}

export const REGISTRY_OFFICER_ROLES = ['legal_representative', 'director', 'supervisor', 'manager'] as const;

/** An officer on the registry (主要人员): 法定代表人, 董事, 监事, 经理. */
export interface RegistryOfficer {
  name: string;
  role: (typeof REGISTRY_OFFICER_ROLES)[number];
  idNumber?: string; // keyed-hashed at intake
  since?: IsoDate; // 任职日期
}

/** 工商 business registry. Schema v2 adds the shareholder and officer lists (optional: v1 events stay valid). */
export interface RegistryEvent extends GovEventBase {
  type:
    | 'abnormal_operation_list' // 经营异常名录
    | 'serious_violation_list' // 严重违法失信名单
    | 'capital_reduction' // 减资
    | 'legal_representative_change'
    | 'address_change'
    | 'shareholder_change'
    | 'deregistration' // 注销
    | 'registration_snapshot'; // 登记信息: the current lists, no change
  detail?: string;
  /** The full shareholder list after the event (股东名录); replaces the previous one. */
  shareholders?: RegistryShareholder[];
  /** The full officer list after the event (主要人员). */
  officers?: RegistryOfficer[];
}

/** 税务 tax. */
export interface TaxEvent extends GovEventBase {
  type: 'arrears_notice' | 'major_violation_list'; // 欠税公告 / 重大税收违法失信
  amount?: Yuan;
}

/** 法院 courts. */
export interface CourtEvent extends GovEventBase {
  caseNumber: string; // 案号
  type: 'enforcement' | 'dishonest_list' | 'consumption_ban' | 'lawsuit'; // 被执行人 / 失信 / 限高 / 诉讼
  /** Who the case is against: the firm, or one of its key persons (by id number, keyed-hashed). */
  subject: 'firm' | 'key_person';
  subjectIdNumber?: string;
  amount?: Yuan;
  /** For lawsuits: the plaintiffs' role; a cluster of lender suits signals a run. */
  plaintiffRole?: 'lender' | 'borrower' | 'supplier' | 'employee' | 'other';
}

/** 社保 / 公积金 social security and housing fund. */
export interface SocialSecurityEvent extends GovEventBase {
  fund: 'social_security' | 'housing_fund';
  insuredHeadcount: number; // 参保人数
  arrears: Yuan; // 欠缴金额
}

/** 舆情 public sentiment: a news article, post or complaint. */
export interface SentimentItem {
  itemId: string;
  /** The firm it is about, when known; otherwise matched by name. */
  firmCreditCode?: string;
  source: string; // e.g. a news site, a complaint platform
  channel: 'news' | 'social' | 'complaint';
  title: string;
  text: string;
  publishedAt: Instant;
  url?: string;
}

export interface RecordsByKind {
  p2p_report: P2pReport;
  micro_loan_report: MicroLoanReport;
  guarantee_report: GuaranteeReport;
  contract: ContractRecord;
  key_persons: KeyPersonsRecord;
  registry_event: RegistryEvent;
  tax_event: TaxEvent;
  court_event: CourtEvent;
  social_security_event: SocialSecurityEvent;
  sentiment_item: SentimentItem;
}
