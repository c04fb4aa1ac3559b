import type { IsoDate, P2pReport } from '../../ingest/schemas/records';
import { isoDaysBefore } from './dates';
import { yuan, type MarketContext } from './firm-history';
import type { FeatureVector } from './feature-vector';
import { ratio, relativeChange } from './ratios';
import type { ReportTimeline } from './report-timeline';

export function p2pOverdueRate(r: P2pReport): number {
  const overdue =
    yuan(r.overdue.upTo90Days.amount) + yuan(r.overdue.from91To180Days.amount) + yuan(r.overdue.over180Days.amount);
  return ratio(overdue, yuan(r.outstanding.amount));
}

const netOutflow = (reports: readonly P2pReport[]): number =>
  reports.reduce((sum, r) => sum + yuan(r.payouts) - yuan(r.newLending), 0);

/** Consecutive 7-day windows of net outflow, counted back from asOf; daily reports only. */
function netOutflowWeeksInRow(daily: readonly P2pReport[], asOf: IsoDate): number | null {
  if (daily.length === 0) return null;
  let weeks = 0;
  for (let w = 0; w < 52; w += 1) {
    const until = isoDaysBefore(asOf, 7 * w);
    const after = isoDaysBefore(asOf, 7 * (w + 1));
    const inWeek = daily.filter((r) => r.periodEnd > after && r.periodEnd <= until);
    // A week without daily data breaks the streak: we cannot say it was an outflow week.
    if (inWeek.length === 0 || netOutflow(inWeek) <= 0) break;
    weeks += 1;
  }
  return weeks;
}

function maxLargeBorrower(r: P2pReport, type: 'natural_person' | 'legal_person'): number {
  let max = 0;
  for (const b of r.largeBorrowers) if (b.borrowerType === type) max = Math.max(max, yuan(b.outstanding));
  return max;
}

function maxCrossPlatform(
  r: P2pReport,
  type: 'natural_person' | 'legal_person',
  market?: MarketContext,
): number | null {
  const totals = market?.crossPlatformOutstanding;
  if (!totals) return null;
  let max = 0;
  for (const b of r.largeBorrowers)
    if (b.borrowerType === type) max = Math.max(max, totals.get(b.idNumber) ?? yuan(b.outstanding));
  return max;
}

/** P2P platform features (网络借贷信息中介机构) from the report timeline. */
export function p2pFeatures(
  t: ReportTimeline<P2pReport>,
  asOf: IsoDate,
  daily: readonly P2pReport[],
  market: MarketContext | undefined,
  out: FeatureVector,
): void {
  const r = t.current;
  if (!r) return;
  const outstanding = yuan(r.outstanding.amount);
  const rate = p2pOverdueRate(r);
  out.p2p_outstanding = outstanding;
  out.p2p_overdue_rate = rate;
  out.overdue_rate = rate;
  out.p2p_overdue_rate_mom = t.monthAgo ? relativeChange(rate, p2pOverdueRate(t.monthAgo)) : null;
  out.overdue_rate_change_90d = t.ago90 ? rate - p2pOverdueRate(t.ago90) : null;
  out.p2p_top10_share = ratio(yuan(r.top10BorrowerBalance), outstanding);
  out.p2p_largest_share = ratio(yuan(r.largestBorrowerBalance), outstanding);
  out.concentration = out.p2p_top10_share;
  out.p2p_related_party_loan_balance = yuan(r.relatedPartyLoanBalance);
  out.p2p_net_outflow_30d_ratio = ratio(netOutflow(t.within(30)), outstanding);
  out.p2p_net_outflow_90d_ratio = ratio(netOutflow(t.within(90)), outstanding);
  out.p2p_net_outflow_weeks_in_row = netOutflowWeeksInRow(daily, asOf);
  out.p2p_term_mismatch = r.averageLenderTermDays < r.averageLoanTermDays;
  out.p2p_loan_term_change_90d = t.ago90 ? relativeChange(r.averageLoanTermDays, t.ago90.averageLoanTermDays) : null;
  const yieldPct = Number(r.averageYield);
  out.p2p_yield_pct = Number.isFinite(yieldPct) ? yieldPct : null;
  out.p2p_yield_gap_pp =
    out.p2p_yield_pct !== null && market?.p2pPeerMedianYieldPct !== undefined
      ? out.p2p_yield_pct - market.p2pPeerMedianYieldPct
      : null;
  out.p2p_new_lenders_mom = t.monthAgo ? relativeChange(r.newLenderCount, t.monthAgo.newLenderCount) : null;
  out.p2p_lender_count_change_90d = t.ago90 ? relativeChange(r.lenderCount, t.ago90.lenderCount) : null;
  out.p2p_compensation = yuan(r.compensation);
  out.p2p_withdrawal_delay_max_days = r.withdrawalDelayMaxDays;
  out.p2p_withdrawal_capped = r.withdrawalCapped;
  out.p2p_custody_ok = r.custody.bankName.trim() !== '' && r.custody.reconciledDaily;
  out.p2p_max_np_borrower_outstanding = maxLargeBorrower(r, 'natural_person');
  out.p2p_max_lp_borrower_outstanding = maxLargeBorrower(r, 'legal_person');
  out.p2p_max_np_cross_platform = maxCrossPlatform(r, 'natural_person', market);
  out.p2p_max_lp_cross_platform = maxCrossPlatform(r, 'legal_person', market);
}
