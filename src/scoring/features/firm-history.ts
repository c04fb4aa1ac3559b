import type { FirmKind } from '../../firms/firm.entity';
import type {
  ContractRecord,
  CourtEvent,
  GuaranteeReport,
  Instant,
  IsoDate,
  KeyPersonsRecord,
  MicroLoanReport,
  P2pReport,
  RegistryEvent,
  SentimentItem,
  SocialSecurityEvent,
  TaxEvent,
  Yuan,
} from '../../ingest/schemas/records';
import type { SentimentScore } from '../sentiment/sentiment-score';
import type { Insider } from '../related-parties/insider-lending';

/**
 * Codes of confirmed facts (查实事项) that inspectors or analysts record and that the reports
 * cannot show: the 13 prohibited P2P activities, the micro-loan and guarantor conduct rules, late
 * filings. Each becomes a boolean feature `finding_<code>`.
 */
export const FINDING_LABELS = {
  // P2P-07 (暂行办法 art. 10)
  self_financing: '自融',
  fund_pooling: '资金池',
  guaranteed_returns: '保本保息',
  offline_marketing: '线下营销',
  own_lending: '自行放贷/自营贷款',
  term_splitting: '期限拆分',
  wealth_products: '销售理财产品',
  securitisation: '类资产证券化',
  mixed_agency: '混业代销',
  false_advertising: '虚假宣传',
  high_risk_use: '配资等高风险用途',
  equity_crowdfunding: '股权众筹',
  // P2P-06 / P2P-09
  unregistered: '未备案',
  late_major_event_disclosure: '重大事项未在48小时内披露',
  // MC-10 / FG-09
  deposit_taking: '吸收存款',
  licence_renting: '出租出借牌照',
  unlicensed_joint_lending: '与无牌机构联合放贷',
  unlicensed_loan_transfer: '向无牌机构转让贷款',
  funds_outside_account: '资金未进专户',
  entrusted_lending: '受托贷款',
  entrusted_investment: '受托投资',
  // FG-03 / FG-10
  guarantee_to_controller: '为控股股东、实际控制人担保',
  preferential_related_terms: '对关联方优于非关联方的条件',
  late_major_risk_report: '重大风险事件未及时报告',
} as const;
export type FindingCode = keyof typeof FINDING_LABELS;
export const FINDING_CODES = Object.keys(FINDING_LABELS) as FindingCode[];

/** A fact confirmed by an inspection or an analyst; only confirmed and not withdrawn ones count. */
export interface Finding {
  code: FindingCode;
  confirmedAt: IsoDate;
  /** Set when the finding was rectified (整改完成) or overturned; from then on it no longer counts. */
  closedAt?: IsoDate;
  source?: string; // e.g. 现场检查 2026-03
}

/** A change the firm filed with the bureau (变更备案), matched against registry change events. */
export interface BureauFiling {
  changeType: 'legal_representative_change' | 'address_change' | 'shareholder_change' | 'capital_reduction';
  filedAt: IsoDate;
}

export type KindReport = P2pReport | MicroLoanReport | GuaranteeReport;

/** A sentiment item, optionally already scored at intake (scoring is cached by the features otherwise). */
export type ScoredSentimentItem = SentimentItem & { sentimentScore?: SentimentScore };

/**
 * Facts about the market that one firm's records cannot give: the bureau computes them across
 * all firms (see market-context.ts) and hands the same object to every firm of a re-score.
 */
export interface MarketContext {
  /** Median 出借人平均年化收益率 of P2P platforms, percent (EW-06). */
  p2pPeerMedianYieldPct?: number;
  /** Cross-platform outstanding per borrower id number (P2P-03/04), yuan. */
  crossPlatformOutstanding?: ReadonlyMap<string, number>;
  /** Id numbers (keyed hashes) currently on the dishonest list (失信被执行人), any subject (PD-05). */
  dishonestIds?: ReadonlySet<string>;
}

/** Everything the scoring knows about one firm, as of any date; records may run past `asOf`. */
export interface FirmHistory {
  firm: { id: string; creditCode: string; kind: FirmKind; regionCode: string; name?: string };
  /** Periodic reports of the firm's own kind, ordered by periodEnd ascending. */
  reports: KindReport[];
  /** When each report arrived (by reportId), for the disclosure deadline (P2P-08); absent = unknown. */
  reportReceivedAt?: Readonly<Record<string, Instant>>;
  contracts: ContractRecord[];
  /** Key-person lists over time; the latest one on or before asOf is the current one. */
  keyPersons: KeyPersonsRecord[];
  registry: RegistryEvent[];
  tax: TaxEvent[];
  court: CourtEvent[];
  socialSecurity: SocialSecurityEvent[];
  sentiment: ScoredSentimentItem[];
  findings: Finding[];
  /** Filings with the bureau; `undefined` means the bureau has no filing data (→ 'no data'). */
  filings?: BureauFiling[];
  market?: MarketContext;
  /** Insiders beyond the firm's own lists (owners through corporate layers, related firms), from the ownership graph. */
  insiders?: readonly Insider[];
}

/** A firm's history with nothing in it yet; the loaders fill it in. */
export function emptyHistory(firm: FirmHistory['firm']): FirmHistory {
  return {
    firm: { ...firm },
    reports: [],
    reportReceivedAt: {},
    contracts: [],
    keyPersons: [],
    registry: [],
    tax: [],
    court: [],
    socialSecurity: [],
    sentiment: [],
    findings: [],
  };
}

/** Money in feature space: the ratios tolerate float rounding; the records keep exact strings. */
export function yuan(value: Yuan | undefined): number {
  if (value === undefined || value === '') return 0;
  const fast = decimalYuan(value);
  if (fast !== null) return fast;
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/**
 * "-123456.78" read digit by digit: Number() on a decimal string was a twentieth of the feature
 * time. The digits as an integer below 2^53 divided by a power of ten is the correctly rounded
 * quotient, the same double Number() returns; anything else (exponents, blanks, long digits) is
 * null and goes to Number().
 */
function decimalYuan(s: string): number | null {
  const length = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0; // '-'
  if (i === length || length > 19) return null;
  let digits = 0;
  let integer = 0;
  let decimals = -1;
  for (; i < length; i += 1) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      integer = integer * 10 + (c - 48);
      digits += 1;
      if (decimals >= 0) decimals += 1;
    } else if (c === 46 && decimals < 0)
      decimals = 0; // '.'
    else return null;
  }
  if (digits === 0 || digits > 15 || decimals === 0 || decimals >= POWERS_OF_TEN.length) return null;
  const n = decimals > 0 ? integer / POWERS_OF_TEN[decimals] : integer;
  return s.charCodeAt(0) === 45 ? -n : n;
}
