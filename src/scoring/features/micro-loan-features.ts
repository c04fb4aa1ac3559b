import type { MicroLoanReport } from '../../ingest/schemas/records';
import { yuan } from './firm-history';
import type { FeatureVector } from './feature-vector';
import { ratio } from './ratios';
import type { ReportTimeline } from './report-timeline';

const nplRatio = (r: MicroLoanReport): number => ratio(yuan(r.overdue90PlusBalance), yuan(r.loans.amount));

function totalLeverage(r: MicroLoanReport): { nonStandard: number; standardised: number } {
  const netAssets = yuan(r.netAssets);
  const n = r.nonStandardBorrowing;
  const s = r.standardisedBorrowing;
  return {
    nonStandard: ratio(yuan(n.bank) + yuan(n.shareholder) + yuan(n.other), netAssets),
    standardised: ratio(yuan(s.bonds) + yuan(s.abs), netAssets),
  };
}

/** Micro-loan company features (小额贷款公司). */
export function microLoanFeatures(t: ReportTimeline<MicroLoanReport>, out: FeatureVector): void {
  const r = t.current;
  if (!r) return;
  const lev = totalLeverage(r);
  const priorNetAssets = yuan(r.netAssetsPriorYearEnd);
  out.net_assets = yuan(r.netAssets);
  out.mc_loans = yuan(r.loans.amount);
  out.mc_nonstandard_leverage = lev.nonStandard;
  out.mc_standardised_leverage = lev.standardised;
  out.mc_total_leverage = lev.nonStandard + lev.standardised;
  out.leverage = out.mc_total_leverage;
  if (t.ago90) {
    const before = totalLeverage(t.ago90);
    out.leverage_change_90d = out.mc_total_leverage - (before.nonStandard + before.standardised);
  }
  out.mc_single_borrower_ratio = ratio(yuan(r.largestBorrowerBalance), priorNetAssets);
  out.mc_single_borrower_related_ratio = ratio(yuan(r.largestBorrowerWithRelatedBalance), priorNetAssets);
  out.concentration = out.mc_single_borrower_ratio;
  out.mc_online_max_consumer = yuan(r.online.maxConsumerBalance);
  out.mc_online_max_business = yuan(r.online.maxBusinessBalance);
  const nl = r.newLoans;
  out.mc_new_loans_above24_count = nl.above24.count;
  const maxCost = Number(nl.maxAllInCost);
  out.mc_max_all_in_cost_pct = Number.isFinite(maxCost) ? maxCost : null;
  const above = yuan(nl.aboveFourLprUpTo24.amount) + yuan(nl.above24.amount);
  out.mc_new_loans_above4lpr_share = ratio(above, above + yuan(nl.atMostFourLpr.amount));
  out.mc_upfront_deductions_count = r.upfrontDeductions.count;
  out.mc_provision_adequacy = ratio(yuan(r.provisionActual), yuan(r.provisionRequired), 1);
  out.mc_npl_ratio = nplRatio(r);
  out.overdue_rate = out.mc_npl_ratio;
  out.overdue_rate_change_90d = t.ago90 ? out.mc_npl_ratio - nplRatio(t.ago90) : null;
  out.mc_out_of_province_loans_count = r.outOfProvinceLoans.count;
}
