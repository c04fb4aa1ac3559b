import { featureDefinition } from '../features/feature-catalogue';
import type { FeatureVector } from '../features/feature-vector';
import { FINDING_LABELS, type FindingCode } from '../features/firm-history';
import type { FirmKind } from '../../firms/firm.entity';
import {
  bareFeatureName,
  compileFeatureExpression,
  expressionIdentifiers,
  type CompiledExpression,
} from './compile-expression';
import { formatValue } from './format-value';
import {
  packRef,
  regulationId,
  RULE_TIER_SEVERITY,
  type RuleDefinition,
  type RulePack,
  type RuleTier,
} from './rule-pack';

/** fired, clear (checked and fine), no_data (a feature it needs is missing), not_applicable (`when` false). */
export type RuleOutcome = 'fired' | 'clear' | 'no_data' | 'not_applicable';

/** The result of one rule for one firm; every rule yields one, so 'no data' is never silent. */
export interface RuleHit {
  ruleId: string;
  regulationId: string;
  pack: string; // p2p_lending@1
  title: { zh: string; en: string };
  mark: RuleDefinition['mark'];
  type: RuleDefinition['type'];
  outcome: RuleOutcome;
  tier: RuleTier | null;
  value: number | boolean | null;
  threshold: number | boolean | null;
  unit: RuleDefinition['unit'];
  veto: RuleDefinition['veto'];
  explanation: string;
  missingFeatures?: string[];
  escalatedBecause?: string;
}

interface CompiledRule {
  rule: RuleDefinition;
  metric: CompiledExpression;
  /** The feature a metric names when it is nothing else (most are): read directly, no result object. */
  metricFeature: string | null;
  /** The no-data explanation of such a metric (always the same text). */
  metricMissingText: string | null;
  when?: CompiledExpression;
  escalate?: CompiledExpression;
  /** Thresholds from the most to the least severe tier, so the first breached one wins. */
  levels: Array<[RuleTier, number]>;
  booleanInputs: string[];
  regulationId: string;
}

const compiledPacks = new WeakMap<RulePack, CompiledRule[]>();

function compilePack(pack: RulePack): CompiledRule[] {
  let compiled = compiledPacks.get(pack);
  if (compiled) return compiled;
  compiled = pack.rules.map((rule) => ({
    rule,
    metric: compileFeatureExpression(rule.metric),
    metricFeature: bareFeatureName(rule.metric),
    metricMissingText: bareFeatureName(rule.metric) === null ? null : `缺少数据: ${bareFeatureName(rule.metric)}`,
    when: rule.when ? compileFeatureExpression(rule.when) : undefined,
    escalate: rule.escalate ? compileFeatureExpression(rule.escalate.when) : undefined,
    levels: (Object.entries(rule.thresholds ?? {}) as Array<[RuleTier, number]>).sort(
      (a, b) => RULE_TIER_SEVERITY[b[0]] - RULE_TIER_SEVERITY[a[0]],
    ),
    booleanInputs: expressionIdentifiers(rule.metric).filter((n) => featureDefinition(n)?.unit === 'boolean'),
    regulationId: regulationId(rule.id),
  }));
  compiledPacks.set(pack, compiled);
  return compiled;
}

const BREACHED: Record<'gt' | 'gte' | 'lt' | 'lte', (v: number, t: number) => boolean> = {
  gt: (v, t) => v > t,
  gte: (v, t) => v >= t,
  lt: (v, t) => v < t,
  lte: (v, t) => v <= t,
};

const ONE_UP: Readonly<Record<RuleTier, RuleTier>> = {
  blue: 'yellow',
  yellow: 'orange',
  violation: 'orange',
  orange: 'red',
  red: 'red',
};

export const TIER_ZH: Readonly<Record<RuleTier, string>> = {
  blue: '蓝色',
  yellow: '黄色',
  violation: '超限违规',
  orange: '橙色',
  red: '红色',
};

/** A fact as {facts} names it: a finding by its bare label, since the explanations already say 查实. */
function factLabel(name: string): string {
  const code = name.startsWith('finding_') ? name.slice('finding_'.length) : null;
  if (code && code in FINDING_LABELS) return FINDING_LABELS[code as FindingCode];
  return featureDefinition(name)?.zh ?? name;
}

function render(
  c: CompiledRule,
  value: number | boolean,
  threshold: number | boolean | null,
  tier: RuleTier,
  features: FeatureVector,
): string {
  const facts = c.booleanInputs.filter((n) => features[n] === true).map(factLabel);
  return c.rule.explanation
    .replace(/\{value\}/g, formatValue(value, c.rule.unit))
    .replace(/\{threshold\}/g, typeof threshold === 'number' ? formatValue(threshold, c.rule.unit) : '是')
    .replace(/\{tier\}/g, TIER_ZH[tier])
    .replace(/\{facts\}/g, facts.join('、'));
}

function result(
  c: CompiledRule,
  ref: string,
  outcome: RuleOutcome,
  tier: RuleTier | null,
  value: number | boolean | null,
  threshold: number | boolean | null,
  explanation: string,
): RuleHit {
  const { rule } = c;
  // One literal of a fixed shape per hit: this runs ~70 times per firm on a full re-score.
  return {
    ruleId: rule.id,
    regulationId: c.regulationId,
    pack: ref,
    title: rule.title,
    mark: rule.mark,
    type: rule.type,
    outcome,
    tier,
    value,
    threshold,
    unit: rule.unit,
    veto: rule.veto,
    explanation,
  };
}

function noData(c: CompiledRule, ref: string, features: string[], what: string, text?: string): RuleHit {
  const hit = result(c, ref, 'no_data', null, null, null, text ?? `${what}: ${features.join(', ') || '指标无法计算'}`);
  hit.missingFeatures = features;
  return hit;
}

/** The metric's value, or the no-data hit when a feature it reads is missing (or not finite). */
function metricOf(c: CompiledRule, features: FeatureVector, ref: string): number | boolean | RuleHit {
  const name = c.metricFeature;
  if (name === null) {
    const m = c.metric(features);
    return m.missing ? noData(c, ref, m.features, '缺少数据') : m.value;
  }
  // The same outcomes as compileFeatureExpression gives a bare name.
  const v = features[name];
  if (v === null || v === undefined) return noData(c, ref, [name], '缺少数据', c.metricMissingText!);
  if (typeof v === 'number' && !Number.isFinite(v)) return noData(c, ref, [], '缺少数据');
  return v;
}

/** With `all` false, a clear or not-applicable rule yields null: no hit object for what counts for nothing. */
function evaluateRule(c: CompiledRule, features: FeatureVector, ref: string, all: true): RuleHit;
function evaluateRule(c: CompiledRule, features: FeatureVector, ref: string, all: boolean): RuleHit | null;
function evaluateRule(c: CompiledRule, features: FeatureVector, ref: string, all: boolean): RuleHit | null {
  const { rule } = c;
  if (c.when) {
    const w = c.when(features);
    if (w.missing) return noData(c, ref, w.features, '缺少数据，无法判断适用条件');
    if (w.value !== true) return all ? result(c, ref, 'not_applicable', null, null, null, '不适用') : null;
  }
  const value = metricOf(c, features, ref);
  if (typeof value === 'object') return value;
  let tier: RuleTier | null = null;
  let threshold: number | boolean | null = null;
  if (rule.breach === 'true') {
    if (value === true) {
      tier = rule.tier ?? null;
      threshold = true;
    }
  } else if (typeof value === 'number') {
    const breached = BREACHED[rule.breach];
    for (const [t, limit] of c.levels) {
      if (breached(value, limit)) {
        tier = t;
        threshold = limit;
        break;
      }
    }
    // Report the nearest threshold when clear, so analysts see the headroom.
    if (tier === null && c.levels.length > 0) threshold = c.levels[c.levels.length - 1][1];
  }
  if (tier === null) return all ? result(c, ref, 'clear', null, value, threshold, '未触发') : null;
  // The text names the tier whose threshold was crossed; escalation is appended after it.
  const text = render(c, value, threshold, tier, features);
  if (c.escalate && rule.escalate) {
    const e = c.escalate(features);
    if (!e.missing && e.value === true && ONE_UP[tier] !== tier) {
      const hit = result(c, ref, 'fired', ONE_UP[tier], value, threshold, `${text}；${rule.escalate.reason}，上调一级`);
      hit.escalatedBecause = rule.escalate.reason;
      return hit;
    }
  }
  return result(c, ref, 'fired', tier, value, threshold, text);
}

/** Evaluate every rule of a pack against one feature vector (expressions compiled once per pack). */
export function evaluatePack(pack: RulePack, features: FeatureVector): RuleHit[] {
  const ref = packRef(pack);
  return compilePack(pack).map((c) => evaluateRule(c, features, ref, true));
}

/**
 * Only the hits an assessment reads (fired and no data) of one pack, appended to `out`: a full
 * re-score evaluates ~30 rules per firm and nine in ten are clear, whose hit objects were most of
 * the rule time's allocation and garbage collection. `ref` is packRef(pack), computed once.
 */
export function evaluatePackFindings(pack: RulePack, ref: string, features: FeatureVector, out: RuleHit[]): void {
  for (const c of compilePack(pack)) {
    const hit = evaluateRule(c, features, ref, false);
    if (hit !== null) out.push(hit);
  }
}

export function packAppliesTo(pack: RulePack, kind: FirmKind): boolean {
  return pack.appliesTo === 'all' || pack.appliesTo.includes(kind);
}

/** All packs that apply to the firm's kind, in order (kind pack, then public data). */
export function evaluatePacks(packs: readonly RulePack[], kind: FirmKind, features: FeatureVector): RuleHit[] {
  const out: RuleHit[] = [];
  for (const pack of packs) if (packAppliesTo(pack, kind)) out.push(...evaluatePack(pack, features));
  return out;
}
