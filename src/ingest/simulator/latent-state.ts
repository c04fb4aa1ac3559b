// The hidden state of a simulated firm and how it moves from month to month. Observable records
// (reports, feeds, news) are drawn from this state elsewhere; nothing here is visible to the
// bureau. See firm-trajectory.ts for the generative story in prose.
import { FirmKind } from '../../firms/firm.entity';
import { Prng } from './prng';

export const DISTRESS_CAUSES = [
  'rising_overdue', // 逾期上升: borrowers stop paying
  'concentration', // 集中度: a few large borrowers / guaranteed parties
  'related_party_lending', // 自融 / 关联担保: money flows to the controller's own companies
  'net_outflow', // 资金净流出: payouts exceed new money, lenders leave
  'term_splitting', // 期限拆分: short lender terms fund long loans
  'high_yield', // 高息: yields or all-in costs far above peers
  'court_cases', // 涉诉: enforcement cases, lender suits
  'tax_arrears', // 欠税
  'headcount_drop', // 裁员 / 社保断缴
  'negative_sentiment', // 负面舆情
] as const;
export type DistressCause = (typeof DISTRESS_CAUSES)[number];

export type DistressType = 'run' | 'payout_stop' | 'closure' | 'licence_revoked';

// Which root causes a kind of firm can have: term splitting and lender runs only exist where
// there are lenders on a platform.
export const CAUSES_BY_KIND: Record<FirmKind, readonly DistressCause[]> = {
  p2p_lending: DISTRESS_CAUSES,
  micro_loan: [
    'rising_overdue',
    'concentration',
    'related_party_lending',
    'high_yield',
    'court_cases',
    'tax_arrears',
    'headcount_drop',
    'negative_sentiment',
  ],
  financing_guarantee: [
    'rising_overdue',
    'concentration',
    'related_party_lending',
    'court_cases',
    'tax_arrears',
    'headcount_drop',
    'negative_sentiment',
  ],
};

// How much a fully developed cause adds to stress per month. Balance-sheet causes weigh more than
// symptoms such as news; a firm needs about three developed causes to reach the distress zone.
const CAUSE_WEIGHT: Record<DistressCause, number> = {
  rising_overdue: 0.32,
  concentration: 0.22,
  related_party_lending: 0.3,
  net_outflow: 0.3,
  term_splitting: 0.22,
  high_yield: 0.18,
  court_cases: 0.2,
  tax_arrears: 0.14,
  headcount_drop: 0.12,
  negative_sentiment: 0.1,
};

/** Per-month hidden state. Intensities are 0..1; stress is ~0 for a sound firm and ~2+ near distress. */
export interface LatentState {
  month: number;
  stress: number;
  intensity: Record<DistressCause, number>;
  /** Healthy noise: a temporary spike that decays (a bad month, a rumour, one lawsuit). */
  shock: number;
  /** The firm under-reports trouble in its own reports (government feeds still show it). */
  concealing: boolean;
  /** Probability that distress happens this month, given the state. */
  hazard: number;
}

/** The fixed, per-firm plan of how causes unfold (drawn once). */
export interface CausePlan {
  causes: DistressCause[];
  /** Month each cause starts, and how fast it ramps to full intensity (per month). */
  start: Partial<Record<DistressCause, number>>;
  speed: Partial<Record<DistressCause, number>>;
  /** Stress at which a concealing firm can no longer hide; Infinity if it never conceals. */
  revealAt: number;
}

export function zeroIntensity(): Record<DistressCause, number> {
  return Object.fromEntries(DISTRESS_CAUSES.map((c) => [c, 0])) as Record<DistressCause, number>;
}

export function planCauses(prng: Prng, kind: FirmKind, months: number): CausePlan {
  const pool = CAUSES_BY_KIND[kind];
  const causes = prng.sample(pool, prng.int(2, 4));
  // Onset anywhere in the first 70 % of the horizon, so some firms are caught early in their
  // decline and some deteriorate past the horizon without failing inside it.
  const onset = prng.int(0, Math.max(0, Math.floor(months * 0.7)));
  const start: CausePlan['start'] = {};
  const speed: CausePlan['speed'] = {};
  for (const cause of causes) {
    start[cause] = onset + prng.int(0, 3);
    speed[cause] = prng.uniform(0.12, 0.35);
  }
  return { causes, start, speed, revealAt: prng.chance(0.4) ? prng.uniform(1.3, 2.0) : Infinity };
}

/**
 * One month's step. Root causes ramp up on their own schedule; stress integrates them with decay;
 * feedback makes trouble self-reinforcing (high stress makes lenders leave and news turn
 * negative even when those were not root causes).
 */
export function stepState(
  prng: Prng,
  kind: FirmKind,
  plan: CausePlan | null,
  previous: LatentState | null,
  month: number,
): LatentState {
  const intensity = zeroIntensity();
  let shock = (previous?.shock ?? 0) * 0.45;
  if (prng.chance(0.06)) shock += prng.uniform(0.5, 1.2);
  const priorStress = previous?.stress ?? 0;
  if (plan) {
    for (const cause of plan.causes) {
      const begun = month - (plan.start[cause] ?? Infinity) + 1;
      if (begun > 0) intensity[cause] = clamp(begun * (plan.speed[cause] ?? 0) + prng.normal(0, 0.05), 0, 1);
    }
    // Emergent symptoms: a stressed firm sheds lenders, staff, and good press.
    const emergent = clamp((priorStress - 1) * 0.5, 0, 1);
    if (kind === 'p2p_lending') intensity.net_outflow = Math.max(intensity.net_outflow, emergent);
    intensity.negative_sentiment = Math.max(intensity.negative_sentiment, emergent * 0.8);
    intensity.court_cases = Math.max(intensity.court_cases, emergent * 0.6);
    intensity.headcount_drop = Math.max(intensity.headcount_drop, emergent * 0.5);
  }
  let drive = 0;
  for (const cause of plan?.causes ?? []) drive += CAUSE_WEIGHT[cause] * intensity[cause];
  const stress = Math.max(0, priorStress * 0.72 + drive + (plan ? prng.normal(0, 0.04) : 0));
  const concealing = plan !== null && Number.isFinite(plan.revealAt) && stress < plan.revealAt && drive > 0;
  // Distress needs accumulated stress, not one bad month: a logistic hazard around stress 2.
  const hazard = plan ? 1 / (1 + Math.exp(-4 * (stress - 2.1))) : 0;
  return { month, stress, intensity, shock, concealing, hazard };
}

/** How the failure shows, from the kind and the causes that drove it. */
export function distressTypeFor(prng: Prng, kind: FirmKind, causes: readonly DistressCause[]): DistressType {
  const has = (c: DistressCause): boolean => causes.includes(c);
  switch (kind) {
    case 'p2p_lending':
      return has('net_outflow') || has('term_splitting') || prng.chance(0.4) ? 'run' : 'payout_stop';
    case 'micro_loan':
      return has('related_party_lending') || has('high_yield') || has('tax_arrears') ? 'licence_revoked' : 'closure';
    case 'financing_guarantee':
      if (has('related_party_lending')) return 'licence_revoked';
      return has('rising_overdue') ? 'payout_stop' : 'closure';
  }
}

export function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}
