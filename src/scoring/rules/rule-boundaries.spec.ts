import { featureDefinition, FEATURE_NAMES } from '../features/feature-catalogue';
import type { FeatureVector } from '../features/feature-vector';
import { compileFeatureExpression, expressionIdentifiers } from './compile-expression';
import { BUNDLED_PACKS_DIR, loadRulePacks } from './load-rule-pack';
import { evaluatePack } from './rule-engine';
import { RULE_TIER_SEVERITY, type RuleDefinition, type RulePack, type RuleTier } from './rule-pack';

// Generated from the bundled packs: a new rule or a changed threshold is tested without new code.
const packs = loadRulePacks(BUNDLED_PACKS_DIR);
const empty = (): FeatureVector => Object.fromEntries(FEATURE_NAMES.map((n) => [n, null]));
const stand = (name: string, truthy: boolean): number | boolean =>
  featureDefinition(name)?.unit === 'boolean' ? truthy : truthy ? 1 : 0;

/** A vector in which the rule's `when` holds (tries all-false then all-true for its inputs). */
function applicableBase(rule: RuleDefinition): FeatureVector {
  if (!rule.when) return empty();
  const when = compileFeatureExpression(rule.when);
  for (const truthy of [false, true]) {
    const v = empty();
    for (const n of expressionIdentifiers(rule.when)) v[n] = stand(n, truthy);
    const r = when(v);
    if (!r.missing && r.value === true) return v;
  }
  throw new Error(`no simple assignment makes rule ${rule.id} applicable`);
}

function only(pack: RulePack, rule: RuleDefinition): RulePack {
  return { ...pack, rules: [rule] };
}

const epsilon = (t: number): number => Math.max(Math.abs(t) * 1e-9, 1e-9);

type Case = [string, RulePack, RuleDefinition, RuleTier, number, number | null];
const quantitative: Case[] = [];
for (const pack of packs) {
  for (const rule of pack.rules) {
    if (rule.type !== 'quantitative') continue;
    for (const [tier, t] of Object.entries(rule.thresholds ?? {}) as Array<[RuleTier, number]>) {
      const e = epsilon(t);
      // [value that must reach this tier, value just on the other side]
      const [fires, holds] =
        rule.breach === 'gt'
          ? [t + e, t]
          : rule.breach === 'gte'
            ? [t, t - e]
            : rule.breach === 'lt'
              ? [t - e, t]
              : [t, t + e];
      quantitative.push([`${rule.id} ${tier} ${rule.breach} ${t}`, pack, rule, tier, fires, holds]);
    }
  }
}

describe('rule thresholds (generated from the packs)', () => {
  it.each(quantitative)('should fire exactly at the threshold: %s', (_name, pack, rule, tier, fires, holds) => {
    const single = only(pack, rule);
    const base = applicableBase(rule);
    const [metric] = expressionIdentifiers(rule.metric);
    const at = evaluatePack(single, { ...base, [metric]: fires })[0];
    expect(at.outcome).toBe('fired');
    expect(at.tier).toBe(tier);
    const below = evaluatePack(single, { ...base, [metric]: holds as number })[0];
    // Just on the safe side the rule is clear, or fires a less severe tier of the same rule.
    if (below.outcome === 'fired')
      expect(RULE_TIER_SEVERITY[below.tier as RuleTier]).toBeLessThan(RULE_TIER_SEVERITY[tier]);
    else expect(below.outcome).toBe('clear');
    const missing = evaluatePack(single, base)[0];
    expect(missing.outcome).toBe('no_data');
  });

  it('should have a single-feature metric for every quantitative rule, so the boundary cases are exact', () => {
    for (const pack of packs)
      for (const rule of pack.rules)
        if (rule.type === 'quantitative')
          expect([rule.id, expressionIdentifiers(rule.metric).length]).toEqual([rule.id, 1]);
  });

  const qualitative = packs.flatMap((pack) =>
    pack.rules.filter((r) => r.type === 'qualitative').map((r) => [r.id, pack, r] as const),
  );
  it.each(qualitative)(
    'should fire qualitative rule %s on its fact and not without it, and say no data when unknown',
    (_id, pack, rule) => {
      const single = only(pack, rule);
      const names = expressionIdentifiers(rule.metric);
      const allOff = applicableBase(rule);
      for (const n of names) allOff[n] = stand(n, false);
      const outcomes = [evaluatePack(single, allOff)[0]];
      for (const n of names) outcomes.push(evaluatePack(single, { ...allOff, [n]: stand(n, true) })[0]);
      expect(outcomes.some((h) => h.outcome === 'fired' && h.tier === rule.tier)).toBe(true);
      expect(outcomes.some((h) => h.outcome === 'clear')).toBe(true);
      const unknown = applicableBase(rule);
      for (const n of names) unknown[n] = null;
      expect(evaluatePack(single, unknown)[0].outcome).toBe('no_data');
    },
  );
});
