import type { RuleHit } from '../rules/rule-engine';
import type { RuleTier } from '../rules/rule-pack';
import { maxTier, type GradedTier } from './alert-tier';

/**
 * The tier the rule hits alone call for, per the "typical trigger" column of docs/regulations.md (alert tiers):
 * a red indicator (payout delay, run, dishonest firm) → red; an orange one or several hard-limit
 * breaches → orange; one breach, a yellow indicator or 2+ soft (blue) indicators → yellow; one
 * soft indicator → blue. 一票否决 hits go straight to their veto tier.
 */
export function triggerTier(hits: readonly RuleHit[]): { tier: GradedTier; reasons: string[] } {
  const fired = hits.filter((h) => h.outcome === 'fired');
  const count = (t: RuleTier): number => fired.filter((h) => h.tier === t).length;
  const reasons: string[] = [];
  let tier: GradedTier = 'none';
  const raise = (to: GradedTier, reason: string): void => {
    tier = maxTier(tier, to);
    reasons.push(reason);
  };
  if (count('red') > 0) raise('red', `红色指标 ${count('red')} 项`);
  if (count('orange') > 0) raise('orange', `橙色指标 ${count('orange')} 项`);
  const violations = count('violation');
  if (violations >= 2) raise('orange', `超限违规 ${violations} 项(多项违规)`);
  else if (violations === 1) raise('yellow', '超限违规 1 项');
  if (count('yellow') > 0) raise('yellow', `黄色指标 ${count('yellow')} 项`);
  const soft = count('blue');
  if (soft >= 2) raise('yellow', `软指标 ${soft} 项`);
  else if (soft === 1) raise('blue', '软指标 1 项');
  for (const h of fired) if (h.veto) raise(h.veto, `一票否决 ${h.ruleId}`);
  return { tier, reasons };
}
