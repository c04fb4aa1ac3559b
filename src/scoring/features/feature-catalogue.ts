import type { FirmKind } from '../../firms/firm.entity';
import { FINDING_CODES, FINDING_LABELS } from './firm-history';

export type FeatureUnit = 'yuan' | 'ratio' | 'times' | 'percent' | 'pp' | 'days' | 'count' | 'boolean' | 'z-score';

/** One documented feature. The table below is the single source; FEATURES.md is rendered from it. */
export interface FeatureDefinition {
  name: string;
  zh: string;
  formula: string;
  unit: FeatureUnit;
  source: string;
  /** Kinds whose firms get a value; the others always get null. */
  kinds: 'all' | readonly FirmKind[];
}

/**
 * A ratio whose denominator is zero or negative while the numerator is positive (e.g. leverage
 * with negative net assets) is "unbounded"; a finite sentinel keeps vectors JSON-safe and still
 * breaches every upper limit.
 */
export const RATIO_UNBOUNDED = 1e6;

const P2P = ['p2p_lending'] as const;
const MC = ['micro_loan'] as const;
const FG = ['financing_guarantee'] as const;
const LENDERS = ['micro_loan', 'financing_guarantee'] as const;

// "current report" = the latest report with periodEnd ≤ asOf and no older than 100 days;
// "month-ago" = the latest report ending ≥ 25 days before it; "90-days-ago" = the latest ending
// 85-120 days before it. Windows count events with date in (asOf − N days, asOf].
const R = 'current report';

const CORE: FeatureDefinition[] = [
  { name: 'report_age_days', zh: '最新报告距今天数', formula: 'asOf − periodEnd of the latest report on or before asOf', unit: 'days', source: 'reports', kinds: 'all' },
  { name: 'report_disclosure_working_days', zh: '报告报送用时(工作日)', formula: 'Mon-Fri days after periodEnd until the current report was received (public holidays not modelled)', unit: 'days', source: 'reports + intake receipts', kinds: 'all' },
  { name: 'net_assets', zh: '净资产', formula: `netAssets of the ${R}`, unit: 'yuan', source: 'micro-loan / guarantee report', kinds: LENDERS },
  { name: 'leverage', zh: '杠杆倍数(统一口径)', formula: 'mc_total_leverage or fg_leverage by kind', unit: 'times', source: 'reports', kinds: LENDERS },
  { name: 'leverage_change_90d', zh: '杠杆倍数90天变化', formula: 'leverage − leverage of the 90-days-ago report', unit: 'times', source: 'reports', kinds: LENDERS },
  { name: 'concentration', zh: '集中度(统一口径)', formula: 'p2p_top10_share, mc_single_borrower_ratio or fg_single_guaranteed_ratio by kind', unit: 'ratio', source: 'reports', kinds: 'all' },
  { name: 'overdue_rate', zh: '逾期/不良/代偿率(统一口径)', formula: 'p2p_overdue_rate, mc_npl_ratio or fg_compensation_rate_90d by kind', unit: 'ratio', source: 'reports', kinds: 'all' },
  { name: 'overdue_rate_change_90d', zh: '逾期率90天变化', formula: 'overdue_rate − the same measure on the 90-days-ago report(s)', unit: 'pp', source: 'reports', kinds: 'all' },

  { name: 'p2p_outstanding', zh: '借贷余额', formula: `outstanding.amount of the ${R}`, unit: 'yuan', source: 'P2P report', kinds: P2P },
  { name: 'p2p_overdue_rate', zh: '金额逾期率', formula: '(overdue up to 90 + 91-180 + over 180 days amounts) ÷ outstanding.amount', unit: 'ratio', source: 'P2P report', kinds: P2P },
  { name: 'p2p_overdue_rate_mom', zh: '逾期率环比', formula: 'p2p_overdue_rate ÷ same on the month-ago report − 1', unit: 'ratio', source: 'P2P report', kinds: P2P },
  { name: 'p2p_top10_share', zh: '前十大借款人待还占比', formula: 'top10BorrowerBalance ÷ outstanding.amount', unit: 'ratio', source: 'P2P report', kinds: P2P },
  { name: 'p2p_largest_share', zh: '最大单一借款人待还占比', formula: 'largestBorrowerBalance ÷ outstanding.amount', unit: 'ratio', source: 'P2P report', kinds: P2P },
  { name: 'p2p_related_party_loan_balance', zh: '关联关系借款余额', formula: `relatedPartyLoanBalance of the ${R}, or insider_loan_balance when larger`, unit: 'yuan', source: 'P2P report', kinds: P2P },
  { name: 'p2p_net_outflow_30d_ratio', zh: '30天净流出占余额比', formula: 'Σ(payouts − newLending) of reports ending in the 30-day window ÷ outstanding.amount', unit: 'ratio', source: 'P2P report', kinds: P2P },
  { name: 'p2p_net_outflow_90d_ratio', zh: '90天净流出占余额比', formula: 'Σ(payouts − newLending) of reports ending in the 90-day window ÷ outstanding.amount', unit: 'ratio', source: 'P2P report', kinds: P2P },
  { name: 'p2p_net_outflow_weeks_in_row', zh: '连续净流出周数', formula: 'consecutive 7-day windows back from asOf whose daily reports sum to payouts > newLending (needs daily reports)', unit: 'count', source: 'P2P daily report', kinds: P2P },
  { name: 'p2p_term_mismatch', zh: '期限错配(出借端短于借款端)', formula: 'averageLenderTermDays < averageLoanTermDays', unit: 'boolean', source: 'P2P report', kinds: P2P },
  { name: 'p2p_loan_term_change_90d', zh: '借款期限90天变化', formula: 'averageLoanTermDays ÷ same on the 90-days-ago report − 1', unit: 'ratio', source: 'P2P report', kinds: P2P },
  { name: 'p2p_yield_pct', zh: '出借人平均年化收益率', formula: 'averageYield', unit: 'percent', source: 'P2P report', kinds: P2P },
  { name: 'p2p_yield_gap_pp', zh: '收益率高于同业中位数', formula: 'averageYield − peer median yield of P2P platforms', unit: 'pp', source: 'P2P report + market context', kinds: P2P },
  { name: 'p2p_new_lenders_mom', zh: '新增出借人环比', formula: 'newLenderCount ÷ same on the month-ago report − 1', unit: 'ratio', source: 'P2P report', kinds: P2P },
  { name: 'p2p_lender_count_change_90d', zh: '出借人数量90天变化', formula: 'lenderCount ÷ same on the 90-days-ago report − 1', unit: 'ratio', source: 'P2P report', kinds: P2P },
  { name: 'p2p_compensation', zh: '当期代偿金额', formula: `compensation of the ${R}`, unit: 'yuan', source: 'P2P report', kinds: P2P },
  { name: 'p2p_withdrawal_delay_max_days', zh: '提现最长延迟天数', formula: `withdrawalDelayMaxDays of the ${R}`, unit: 'days', source: 'P2P report', kinds: P2P },
  { name: 'p2p_withdrawal_capped', zh: '限制提现', formula: `withdrawalCapped of the ${R}`, unit: 'boolean', source: 'P2P report', kinds: P2P },
  { name: 'p2p_custody_ok', zh: '资金存管且每日对账', formula: 'custody.bankName non-empty and custody.reconciledDaily', unit: 'boolean', source: 'P2P report', kinds: P2P },
  { name: 'p2p_max_np_borrower_outstanding', zh: '单一自然人借款余额(本平台)最大值', formula: 'max outstanding of natural-person largeBorrowers, 0 when none listed', unit: 'yuan', source: 'P2P report', kinds: P2P },
  { name: 'p2p_max_lp_borrower_outstanding', zh: '单一法人借款余额(本平台)最大值', formula: 'max outstanding of legal-person largeBorrowers, 0 when none listed', unit: 'yuan', source: 'P2P report', kinds: P2P },
  { name: 'p2p_max_np_cross_platform', zh: '单一自然人跨平台借款余额最大值', formula: "max over this platform's natural-person largeBorrowers of their outstanding summed across all platforms", unit: 'yuan', source: 'P2P reports of all platforms (market context)', kinds: P2P },
  { name: 'p2p_max_lp_cross_platform', zh: '单一法人跨平台借款余额最大值', formula: "max over this platform's legal-person largeBorrowers of their outstanding summed across all platforms", unit: 'yuan', source: 'P2P reports of all platforms (market context)', kinds: P2P },

  { name: 'mc_loans', zh: '贷款余额', formula: `loans.amount of the ${R}`, unit: 'yuan', source: 'micro-loan report', kinds: MC },
  { name: 'mc_nonstandard_leverage', zh: '非标融资杠杆', formula: '(nonStandardBorrowing bank + shareholder + other) ÷ netAssets', unit: 'times', source: 'micro-loan report', kinds: MC },
  { name: 'mc_standardised_leverage', zh: '标准化融资杠杆', formula: '(standardisedBorrowing bonds + abs) ÷ netAssets', unit: 'times', source: 'micro-loan report', kinds: MC },
  { name: 'mc_total_leverage', zh: '融资总杠杆', formula: 'mc_nonstandard_leverage + mc_standardised_leverage', unit: 'times', source: 'micro-loan report', kinds: MC },
  { name: 'mc_single_borrower_ratio', zh: '单户贷款余额占上年末净资产', formula: 'largestBorrowerBalance ÷ netAssetsPriorYearEnd', unit: 'ratio', source: 'micro-loan report', kinds: MC },
  { name: 'mc_single_borrower_related_ratio', zh: '单户及关联方贷款占上年末净资产', formula: 'largestBorrowerWithRelatedBalance ÷ netAssetsPriorYearEnd', unit: 'ratio', source: 'micro-loan report', kinds: MC },
  { name: 'mc_online_max_consumer', zh: '网络小贷单户消费贷最高余额', formula: 'online.maxConsumerBalance', unit: 'yuan', source: 'micro-loan report', kinds: MC },
  { name: 'mc_online_max_business', zh: '网络小贷单户经营贷最高余额', formula: 'online.maxBusinessBalance', unit: 'yuan', source: 'micro-loan report', kinds: MC },
  { name: 'mc_new_loans_above24_count', zh: '综合成本超24%新增贷款笔数', formula: 'newLoans.above24.count', unit: 'count', source: 'micro-loan report', kinds: MC },
  { name: 'mc_max_all_in_cost_pct', zh: '新增贷款最高综合年化成本', formula: 'newLoans.maxAllInCost', unit: 'percent', source: 'micro-loan report', kinds: MC },
  { name: 'mc_new_loans_above4lpr_share', zh: '超4倍LPR新增贷款金额占比', formula: '(aboveFourLprUpTo24 + above24 amounts) ÷ all new-loan amounts (0 when none)', unit: 'ratio', source: 'micro-loan report', kinds: MC },
  { name: 'mc_upfront_deductions_count', zh: '砍头息笔数', formula: 'upfrontDeductions.count', unit: 'count', source: 'micro-loan report', kinds: MC },
  { name: 'mc_provision_adequacy', zh: '拨备充足率', formula: 'provisionActual ÷ provisionRequired (1 when nothing is required)', unit: 'ratio', source: 'micro-loan report', kinds: MC },
  { name: 'mc_npl_ratio', zh: '不良贷款率(逾期90天以上)', formula: 'overdue90PlusBalance ÷ loans.amount', unit: 'ratio', source: 'micro-loan report', kinds: MC },
  { name: 'mc_out_of_province_loans_count', zh: '跨省贷款笔数', formula: 'outOfProvinceLoans.count', unit: 'count', source: 'micro-loan report', kinds: MC },

  { name: 'fg_weighted_liability', zh: '融资担保责任余额(折算后)', formula: '0.75 × smallMicroAndFarmers + 0.30 × housing + 0.80 × bondsAaPlus + 1.00 × other', unit: 'yuan', source: 'guarantee report', kinds: FG },
  { name: 'fg_leverage', zh: '融资担保放大倍数', formula: 'fg_weighted_liability ÷ netAssets', unit: 'times', source: 'guarantee report', kinds: FG },
  { name: 'fg_mainly_small_micro_rural', zh: '主要服务小微和农户', formula: 'mainlySmallMicroAndRural', unit: 'boolean', source: 'guarantee report', kinds: FG },
  { name: 'fg_single_guaranteed_ratio', zh: '单一被担保人责任余额占净资产', formula: 'largestGuaranteedBalance ÷ netAssets', unit: 'ratio', source: 'guarantee report', kinds: FG },
  { name: 'fg_single_guaranteed_related_ratio', zh: '单一被担保人及关联方占净资产', formula: 'largestGuaranteedWithRelatedBalance ÷ netAssets', unit: 'ratio', source: 'guarantee report', kinds: FG },
  { name: 'fg_related_party_guarantee_ratio', zh: '关联方担保余额占净资产', formula: 'relatedPartyGuaranteeBalance ÷ netAssets, or insider_guarantee_balance ÷ netAssets when larger', unit: 'ratio', source: 'guarantee report + contracts', kinds: FG },
  { name: 'fg_class_i_share', zh: 'Ⅰ级资产占比', formula: 'assets.classI ÷ (totalAssets − receivableCompensation)', unit: 'ratio', source: 'guarantee report', kinds: FG },
  { name: 'fg_class_i_ii_share', zh: 'Ⅰ级Ⅱ级资产占比', formula: '(classI + classII) ÷ (totalAssets − receivableCompensation)', unit: 'ratio', source: 'guarantee report', kinds: FG },
  { name: 'fg_class_iii_share', zh: 'Ⅲ级资产占比', formula: 'classIII ÷ (totalAssets − receivableCompensation)', unit: 'ratio', source: 'guarantee report', kinds: FG },
  { name: 'fg_unearned_reserve_ratio', zh: '未到期责任准备金占当年保费', formula: 'unearnedRiskReserve ÷ feeIncomeYear (1 when no fee income)', unit: 'ratio', source: 'guarantee report', kinds: FG },
  { name: 'fg_claims_reserve_ratio', zh: '担保赔偿准备金占责任余额', formula: 'claimsReserve ÷ fg_weighted_liability (1 when no liability)', unit: 'ratio', source: 'guarantee report', kinds: FG },
  { name: 'fg_compensation_rate_90d', zh: '90天代偿率', formula: 'Σ compensation ÷ Σ releasedGuarantees over reports ending in the 90-day window', unit: 'ratio', source: 'guarantee report', kinds: FG },
  { name: 'fg_compensation_balance', zh: '代偿余额', formula: 'cumulativeCompensation − cumulativeLosses − cumulativeRecoveries', unit: 'yuan', source: 'guarantee report', kinds: FG },
  { name: 'fg_reserve_coverage', zh: '拨备覆盖率', formula: '(unearnedRiskReserve + claimsReserve) ÷ fg_compensation_balance', unit: 'ratio', source: 'guarantee report', kinds: FG },
  { name: 'fg_paid_in_capital', zh: '实缴货币资本', formula: 'paidInCapital', unit: 'yuan', source: 'guarantee report', kinds: FG },

  { name: 'registry_adverse_180d', zh: '180天工商异常事件数', formula: 'abnormal-operation list, serious-violation list, capital reduction, deregistration events in 180 days', unit: 'count', source: 'registry feed (工商)', kinds: 'all' },
  { name: 'registry_changes_180d', zh: '180天工商变更次数', formula: 'legal-representative, address and shareholder changes in 180 days', unit: 'count', source: 'registry feed (工商)', kinds: 'all' },
  { name: 'registry_unfiled_changes', zh: '未按期报备的变更', formula: 'changes 30-365 days old with no bureau filing of the same type within 30 days of the change (null without filing data)', unit: 'count', source: 'registry feed + bureau filings', kinds: 'all' },
  { name: 'tax_events_365d', zh: '365天税务不良事件数', formula: 'arrears notices and major tax-violation listings in 365 days', unit: 'count', source: 'tax feed (税务)', kinds: 'all' },
  { name: 'tax_arrears_amount_365d', zh: '365天欠税金额', formula: 'Σ amount of arrears notices in 365 days', unit: 'yuan', source: 'tax feed (税务)', kinds: 'all' },
  { name: 'court_cases_90d', zh: '90天涉诉/执行案件数', formula: 'court events against the firm in 90 days', unit: 'count', source: 'court feed (法院)', kinds: 'all' },
  { name: 'court_cases_180d', zh: '180天涉诉/执行案件数', formula: 'court events against the firm in 180 days', unit: 'count', source: 'court feed (法院)', kinds: 'all' },
  { name: 'court_enforcement_amount_365d', zh: '365天被执行金额', formula: 'Σ amount of enforcement cases against the firm in 365 days', unit: 'yuan', source: 'court feed (法院)', kinds: 'all' },
  { name: 'court_enforcement_ratio_365d', zh: '被执行金额占净资产', formula: 'court_enforcement_amount_365d ÷ net_assets', unit: 'ratio', source: 'court feed + reports', kinds: LENDERS },
  { name: 'court_firm_dishonest', zh: '企业失信或限高', formula: 'dishonest-list or consumption-ban event against the firm in 365 days', unit: 'boolean', source: 'court feed (法院)', kinds: 'all' },
  { name: 'court_person_dishonest', zh: '关键人员失信或限高', formula: 'dishonest-list or consumption-ban event against a key person in 365 days', unit: 'boolean', source: 'court feed (法院)', kinds: 'all' },
  { name: 'court_lender_suits_90d', zh: '90天出借人诉讼数', formula: 'lawsuits with plaintiffRole lender in 90 days', unit: 'count', source: 'court feed (法院)', kinds: 'all' },
  { name: 'ss_headcount', zh: '社保参保人数', formula: 'insuredHeadcount of the latest social-security event', unit: 'count', source: 'social-security feed (社保)', kinds: 'all' },
  { name: 'ss_headcount_change_90d', zh: '参保人数季度变化', formula: 'ss_headcount ÷ headcount of the latest event ≥ 85 days earlier − 1', unit: 'ratio', source: 'social-security feed (社保)', kinds: 'all' },
  { name: 'ss_arrears', zh: '社保公积金欠缴', formula: 'Σ arrears of the latest social-security and housing-fund events', unit: 'yuan', source: 'social-security / housing-fund feed', kinds: 'all' },
  { name: 'sentiment_negative_30d', zh: '30天负面舆情条数', formula: 'sentiment items with label negative in 30 days', unit: 'count', source: 'sentiment feed (舆情) + lexicon scorer', kinds: 'all' },
  { name: 'sentiment_negative_90d', zh: '90天负面舆情条数', formula: 'sentiment items with label negative in 90 days', unit: 'count', source: 'sentiment feed (舆情) + lexicon scorer', kinds: 'all' },
  { name: 'sentiment_negative_180d', zh: '180天负面舆情条数', formula: 'sentiment items with label negative in 180 days', unit: 'count', source: 'sentiment feed (舆情) + lexicon scorer', kinds: 'all' },
  { name: 'sentiment_negative_weighted_30d', zh: '30天负面舆情强度', formula: 'Σ severity (−score) of negative items in 30 days', unit: 'count', source: 'sentiment feed (舆情) + lexicon scorer', kinds: 'all' },
  { name: 'sentiment_complaints_30d', zh: '30天投诉条数', formula: "items of channel 'complaint' in 30 days", unit: 'count', source: 'sentiment feed (舆情)', kinds: 'all' },
  { name: 'sentiment_complaint_zscore', zh: '投诉量异常度', formula: '(sentiment_complaints_30d − mean of the five prior 30-day counts) ÷ max(std, 1)', unit: 'z-score', source: 'sentiment feed (舆情)', kinds: 'all' },
  { name: 'contract_new_count_30d', zh: '30天新签合同数', formula: 'contracts signed in 30 days', unit: 'count', source: 'contracts', kinds: 'all' },
  { name: 'contract_new_principal_30d', zh: '30天新签合同金额', formula: 'Σ principal of contracts signed in 30 days', unit: 'yuan', source: 'contracts', kinds: 'all' },
  { name: 'contract_max_rate_pct_90d', zh: '90天合同最高年化利率', formula: 'max annualRate of contracts signed in 90 days (null when none carries a rate)', unit: 'percent', source: 'contracts', kinds: 'all' },
  { name: 'insider_loan_balance', zh: '内部人借款余额(自融)', formula: 'principal of active loan contracts, and balances in the latest large-borrower list, whose borrower is a controller, key person, registry shareholder or officer, or related party of the firm (keyed-hash match)', unit: 'yuan', source: 'contracts + key persons + registry (工商)', kinds: 'all' },
  { name: 'insider_guarantee_balance', zh: '为内部人担保余额', formula: 'principal of active guarantee contracts whose guaranteed party is an insider of the firm (keyed-hash match)', unit: 'yuan', source: 'contracts + key persons + registry (工商)', kinds: 'all' },
  { name: 'counterparty_dishonest_share', zh: '失信交易对手金额占比', formula: 'principal of active contracts whose borrower or guaranteed party is on the dishonest list ÷ principal of active contracts', unit: 'ratio', source: 'contracts + court feed (market context)', kinds: 'all' },
];

const FINDINGS: FeatureDefinition[] = FINDING_CODES.map((code) => ({
  name: `finding_${code}`,
  zh: `查实: ${FINDING_LABELS[code]}`,
  formula: `a finding '${code}' confirmed on or before asOf and not closed`,
  unit: 'boolean',
  source: 'inspection / analyst findings',
  kinds: 'all',
}));

/** The feature catalogue: every feature, documented once. */
export const FEATURE_CATALOGUE: readonly FeatureDefinition[] = [...CORE, ...FINDINGS];

export const FEATURE_NAMES: readonly string[] = FEATURE_CATALOGUE.map((f) => f.name);

const BY_NAME = new Map(FEATURE_CATALOGUE.map((f) => [f.name, f]));

export function featureDefinition(name: string): FeatureDefinition | undefined {
  return BY_NAME.get(name);
}
