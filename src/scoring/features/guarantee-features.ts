import type { GuaranteeReport } from '../../ingest/schemas/records';
import { yuan } from './firm-history';
import type { FeatureVector } from './feature-vector';
import { ratio } from './ratios';
import type { ReportTimeline } from './report-timeline';

/** 融资担保责任余额计量办法: risk weights per class (weights marked [M] in docs/regulations.md). */
export const LIABILITY_WEIGHTS = { smallMicroAndFarmers: 0.75, housing: 0.3, bondsAaPlus: 0.8, other: 1 } as const;

export function weightedLiability(r: GuaranteeReport): number {
  const l = r.guaranteeLiability;
  return (
    LIABILITY_WEIGHTS.smallMicroAndFarmers * yuan(l.smallMicroAndFarmers) +
    LIABILITY_WEIGHTS.housing * yuan(l.housing) +
    LIABILITY_WEIGHTS.bondsAaPlus * yuan(l.bondsAaPlus) +
    LIABILITY_WEIGHTS.other * yuan(l.other)
  );
}

const leverageOf = (r: GuaranteeReport): number => ratio(weightedLiability(r), yuan(r.netAssets));

function compensationRate(reports: readonly GuaranteeReport[]): number | null {
  if (reports.length === 0) return null;
  let compensation = 0;
  let released = 0;
  for (const r of reports) {
    compensation += yuan(r.compensation);
    released += yuan(r.releasedGuarantees);
  }
  return ratio(compensation, released);
}

/** Financing guarantee company features (融资担保公司). */
export function guaranteeFeatures(t: ReportTimeline<GuaranteeReport>, out: FeatureVector): void {
  const r = t.current;
  if (!r) return;
  const netAssets = yuan(r.netAssets);
  const liability = weightedLiability(r);
  out.net_assets = netAssets;
  out.fg_weighted_liability = liability;
  out.fg_leverage = leverageOf(r);
  out.leverage = out.fg_leverage;
  out.leverage_change_90d = t.ago90 ? out.fg_leverage - leverageOf(t.ago90) : null;
  out.fg_mainly_small_micro_rural = r.mainlySmallMicroAndRural;
  out.fg_single_guaranteed_ratio = ratio(yuan(r.largestGuaranteedBalance), netAssets);
  out.fg_single_guaranteed_related_ratio = ratio(yuan(r.largestGuaranteedWithRelatedBalance), netAssets);
  out.concentration = out.fg_single_guaranteed_ratio;
  out.fg_related_party_guarantee_ratio = ratio(yuan(r.relatedPartyGuaranteeBalance), netAssets);
  const base = yuan(r.totalAssets) - yuan(r.assets.receivableCompensation);
  out.fg_class_i_share = ratio(yuan(r.assets.classI), base);
  out.fg_class_i_ii_share = ratio(yuan(r.assets.classI) + yuan(r.assets.classII), base);
  out.fg_class_iii_share = ratio(yuan(r.assets.classIII), base);
  out.fg_unearned_reserve_ratio = ratio(yuan(r.unearnedRiskReserve), yuan(r.feeIncomeYear), 1);
  out.fg_claims_reserve_ratio = ratio(yuan(r.claimsReserve), liability, 1);
  const rate = compensationRate(t.within(90));
  out.fg_compensation_rate_90d = rate;
  out.overdue_rate = rate;
  if (rate !== null && t.ago90) {
    const before = compensationRate([t.ago90]);
    out.overdue_rate_change_90d = before === null ? null : rate - before;
  }
  const balance = yuan(r.cumulativeCompensation) - yuan(r.cumulativeLosses) - yuan(r.cumulativeRecoveries);
  out.fg_compensation_balance = balance;
  out.fg_reserve_coverage = ratio(yuan(r.unearnedRiskReserve) + yuan(r.claimsReserve), balance, 1);
  out.fg_paid_in_capital = yuan(r.paidInCapital);
}
