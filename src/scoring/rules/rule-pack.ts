import type { FirmKind } from '../../firms/firm.entity';

/**
 * What a rule hit means for the alert: the four tiers of docs/regulations.md (alert tiers), plus `violation`
 * for a hard limit in law (超限违规): one violation is a yellow alert, several are orange.
 */
export const RULE_TIERS = ['blue', 'yellow', 'violation', 'orange', 'red'] as const;
export type RuleTier = (typeof RULE_TIERS)[number];

/** Severity order of rule tiers (violation sits between yellow and orange). */
export const RULE_TIER_SEVERITY: Readonly<Record<RuleTier, number>> = {
  blue: 1,
  yellow: 2,
  violation: 2.5,
  orange: 3,
  red: 4,
};

/** The mark of docs/regulations.md: S confirmed in the text, M recalled, D our design choice. */
export type RuleMark = 'S' | 'M' | 'D';

/** gt/gte/lt/lte compare a number with thresholds; `true` fires when a boolean metric is true. */
export type Breach = 'gt' | 'gte' | 'lt' | 'lte' | 'true';

export type MetricUnit = 'yuan' | 'ratio' | 'times' | 'percent' | 'pp' | 'days' | 'count' | 'z-score' | 'boolean';

export interface RuleDefinition {
  /** docs/regulations.md id, optionally with a `/part` when one row needs several metrics (EW-02/top10). */
  id: string;
  title: { zh: string; en: string };
  basis: string;
  mark: RuleMark;
  /** 定量 quantitative (a number against thresholds) or 定性 qualitative (a yes/no fact). */
  type: 'quantitative' | 'qualitative';
  /** filtrex expression over feature names. */
  metric: string;
  unit: MetricUnit;
  /** Optional filtrex condition; when false the rule does not apply to this firm. */
  when?: string;
  breach: Breach;
  /** Quantitative: the threshold per tier; the most severe breached tier wins. */
  thresholds?: Partial<Record<RuleTier, number>>;
  /** Qualitative: the tier when the fact is true. */
  tier?: RuleTier;
  /** One tier up when this condition also holds (e.g. overdue rate +50% month on month). */
  escalate?: { when: string; reason: string };
  /** 一票否决: the alert goes straight to this tier at least. */
  veto: false | 'orange' | 'red';
  /** Chinese explanation; placeholders {value}, {threshold}, {tier}, {facts}. */
  explanation: string;
}

export interface RulePack {
  /** File stem without the version, e.g. `p2p_lending`. */
  pack: string;
  version: number;
  title: { zh: string; en: string };
  /** Firm kinds the pack applies to; `all` for the public-data pack. */
  appliesTo: 'all' | FirmKind[];
  rules: RuleDefinition[];
}

/** `p2p_lending@1`: what an assessment stores to say which rules judged it. */
export function packRef(pack: Pick<RulePack, 'pack' | 'version'>): string {
  return `${pack.pack}@${pack.version}`;
}

/** The base docs/regulations.md id of a rule id (`EW-02/top10` → `EW-02`). */
export function regulationId(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  return slash < 0 ? ruleId : ruleId.slice(0, slash);
}
