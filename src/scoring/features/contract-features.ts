import type { ContractRecord, IsoDate } from '../../ingest/schemas/records';
import { inWindow, windowOf } from './dates';
import { yuan, type MarketContext } from './firm-history';
import type { FeatureVector } from './feature-vector';
import { ratio } from './ratios';

const COUNTERPARTY_ROLES = new Set(['borrower', 'guaranteed']);

/** Contract features (合同): new business volume, pricing, counterparties on the dishonest list (PD-05). */
export function contractFeatures(
  contracts: readonly ContractRecord[],
  asOf: IsoDate,
  market: MarketContext | undefined,
  out: FeatureVector,
): void {
  const w30 = windowOf(asOf, 30);
  const w90 = windowOf(asOf, 90);
  let count30 = 0;
  let principal30 = 0;
  let maxRate: number | null = null;
  let active = 0;
  let dishonest = 0;
  const dishonestIds = market?.dishonestIds;
  for (const c of contracts) {
    if (c.signedAt > asOf) continue;
    const principal = yuan(c.principal);
    if (inWindow(c.signedAt, w30)) {
      count30 += 1;
      principal30 += principal;
    }
    if (inWindow(c.signedAt, w90) && c.annualRate !== undefined) {
      const rate = Number(c.annualRate);
      if (Number.isFinite(rate)) maxRate = maxRate === null ? rate : Math.max(maxRate, rate);
    }
    if (dishonestIds && c.startDate <= asOf && c.endDate >= asOf) {
      active += principal;
      if (c.parties.some((p) => COUNTERPARTY_ROLES.has(p.role) && dishonestIds.has(p.idNumber))) dishonest += principal;
    }
  }
  out.contract_new_count_30d = count30;
  out.contract_new_principal_30d = principal30;
  out.contract_max_rate_pct_90d = maxRate;
  out.counterparty_dishonest_share = dishonestIds ? ratio(dishonest, active) : null;
}
