import type { IsoDate } from '../../ingest/schemas/records';
import type { RuleHit } from '../rules/rule-engine';
import type { RuleTier } from '../rules/rule-pack';
import { gradeForQuality, maxTier, tierForScore, tierRank, type GradedTier, type Grade } from './alert-tier';
import { manualEffect, type ManualScore } from './manual-score';
import { triggerTier } from './rule-tier';
import type { GuaranteeStructure } from '../related-parties/guarantee-circles';
import type { InsiderLoan } from '../related-parties/insider-lending';

/*
 * The composite risk score (0 = no concern, 100 = distress imminent) [D]:
 *
 *   rule score   R = 100 × (1 − Π_i (1 − p_i/100)),  p_i = points of fired hit i by tier:
 *                    blue 10, yellow 25, violation 35, orange 50, red 80
 *   model score  M = 100 × √p,  p = model probability of distress within 90 days
 *   machine      S = 100 × (1 − (1 − R/100) × (1 − M/100))      (R alone when no model)
 *   risk         = clamp((latest valid manual `set` ?? S) + Σ valid manual `adjust`, 0, 100)
 *   quality      = 100 − clamp((latest valid manual `set` ?? R) + Σ valid manual `adjust`, 0, 100)
 *   grade        = A ≥ 90, B ≥ 75, C ≥ 60, D below (docs/regulations.md (alert tiers), on the quality score);
 *                  D whatever the quality when the rules call for orange or red; A only with no rule fired
 *   tier         = max(score band of risk, tier the rule hits call for, at least blue if related to a red firm)
 *
 * Noisy-OR keeps the score in 0..100, lets one strong signal dominate, and makes each further
 * signal count for less. √p spreads the low probabilities where most firms are (p = 0.25 → 50,
 * blue; p = 0.56 → 75, orange; p = 0.81 → 90, red). Manual scores move the score and the band but
 * never lower the tier the rules call for: a payout delay stays red whatever an analyst enters.
 *
 * The grade (评级) rates established facts, so its quality score leaves the model out: the model
 * forecasts, and moves the risk score, the score band and the ranking. With the model in, its
 * baseline pushed most firms with any finding below 60 and a single hard-limit breach graded like a
 * payout delay. Now A is a clean record, soft indicators are B, one hard-limit breach is C (as §5 puts one
 * breach at yellow), and D means orange or red facts: several breaches, a 一票否决 item, a payout
 * delay (docs/grading.md).
 */
export const TIER_POINTS: Readonly<Record<RuleTier, number>> = {
  blue: 10,
  yellow: 25,
  violation: 35,
  orange: 50,
  red: 80,
};

export interface ModelContribution {
  feature: string;
  value: number | boolean | null;
  /** Change in probability attributed to this feature (positive raises risk). */
  contribution: number;
}

/** A fired rule as cross-firm work reads it (the assessments.rules_fired column). */
export type FiredRule = Pick<RuleHit, 'ruleId' | 'tier' | 'veto' | 'title'>;

export interface PropagationFlag {
  fromFirm: string;
  path: string;
}

export interface AssessmentInput {
  firmId: string;
  asOf: IsoDate;
  hits: readonly RuleHit[];
  /** Rule packs used, e.g. ['p2p_lending@1', 'public_data@1']; stored with the assessment. */
  packs: readonly string[];
  model: { version: string; probability: number; topContributions: ModelContribution[] } | null;
  manualScores: readonly ManualScore[];
  propagation?: readonly PropagationFlag[];
  /** 自融 / insider lending found in contracts and large-borrower lists, with the path that makes each counterparty an insider. */
  insiderLending?: readonly InsiderLoan[];
  /** 互保/联保 circles and chains the firm is a member of. */
  guaranteeStructures?: readonly GuaranteeStructure[];
}

export interface Assessment {
  firmId: string;
  asOf: IsoDate;
  packs: string[];
  modelVersion: string | null;
  ruleScore: number;
  modelScore: number | null;
  machineScore: number;
  riskScore: number;
  qualityScore: number;
  grade: Grade;
  scoreTier: GradedTier;
  ruleTier: GradedTier;
  tier: GradedTier;
  explanation: AssessmentExplanation;
}

export interface AssessmentExplanation {
  rulesFired: Array<
    Pick<
      RuleHit,
      'ruleId' | 'pack' | 'title' | 'mark' | 'tier' | 'value' | 'threshold' | 'unit' | 'veto' | 'explanation'
    >
  >;
  noData: Array<{ ruleId: string; missingFeatures: string[] }>;
  tierReasons: string[];
  model: { version: string; probability: number; topContributions: ModelContribution[] } | null;
  manual: { set: ManualScore | null; adjustments: ManualScore[]; superseded: ManualScore[] };
  propagation: PropagationFlag[];
  /** Present only when something was found: loans and guarantees to insiders, each with its evidence path. */
  insiderLending?: InsiderLoan[];
  /** Present only when the firm is in one: guarantee circles and chains with their members. */
  guaranteeStructures?: GuaranteeStructure[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const clamp = (n: number): number => Math.min(100, Math.max(0, n));

/** The grade band of the quality score, capped by what the rules found: orange or red facts are D, any fired rule at best B. */
function gradeOf(quality: number, ruleTier: GradedTier): Grade {
  if (tierRank(ruleTier) >= tierRank('orange')) return 'D';
  const grade = gradeForQuality(quality);
  return grade === 'A' && ruleTier !== 'none' ? 'B' : grade;
}

export function ruleScore(hits: readonly RuleHit[]): number {
  let keep = 1;
  for (const h of hits) if (h.outcome === 'fired' && h.tier) keep *= 1 - TIER_POINTS[h.tier] / 100;
  return 100 * (1 - keep);
}

export function modelScore(probability: number): number {
  return 100 * Math.sqrt(Math.min(1, Math.max(0, probability)));
}

/** One firm's composite assessment: score, grade, tier and the reasons for each. Pure. */
export function assessFirm(input: AssessmentInput): Assessment {
  const r = ruleScore(input.hits);
  const m = input.model ? modelScore(input.model.probability) : null;
  const machine = m === null ? r : 100 * (1 - (1 - r / 100) * (1 - m / 100));
  const manual = manualEffect(input.manualScores, input.asOf);
  const risk = round1(clamp((manual.set ? manual.set.value : machine) + manual.delta));
  const quality = round1(100 - clamp((manual.set ? manual.set.value : r) + manual.delta));
  const scoreTier = tierForScore(risk);
  const rules = triggerTier(input.hits);
  const propagation = [...(input.propagation ?? [])];
  let ruleTier = rules.tier;
  const tierReasons = [...rules.reasons];
  if (propagation.length > 0) {
    ruleTier = maxTier(ruleTier, 'blue');
    tierReasons.push(`关联红色企业 ${propagation.length} 家`);
  }
  const structures = [...(input.guaranteeStructures ?? [])];
  if (structures.length > 0) {
    // A default runs along a guarantee circle or chain: at least blue, as for a related red firm.
    ruleTier = maxTier(ruleTier, 'blue');
    const circles = structures.filter((s) => s.kind === 'circle').length;
    tierReasons.push(`处于互保/联保圈 ${circles} 个、担保链 ${structures.length - circles} 条`);
  }
  if (scoreTier !== 'none') tierReasons.push(`综合风险分 ${risk} 落入${scoreTier}区间`);
  return {
    firmId: input.firmId,
    asOf: input.asOf,
    packs: [...input.packs],
    modelVersion: input.model?.version ?? null,
    ruleScore: round1(r),
    modelScore: m === null ? null : round1(m),
    machineScore: round1(machine),
    riskScore: risk,
    qualityScore: quality,
    grade: gradeOf(quality, rules.tier),
    scoreTier,
    ruleTier,
    tier: maxTier(scoreTier, ruleTier),
    explanation: {
      rulesFired: input.hits
        .filter((h) => h.outcome === 'fired')
        .map(({ ruleId, pack, title, mark, tier, value, threshold, unit, veto, explanation }) => ({
          ruleId,
          pack,
          title,
          mark,
          tier,
          value,
          threshold,
          unit,
          veto,
          explanation,
        })),
      noData: input.hits
        .filter((h) => h.outcome === 'no_data')
        .map((h) => ({ ruleId: h.ruleId, missingFeatures: h.missingFeatures ?? [] })),
      tierReasons,
      model: input.model ? { ...input.model } : null,
      manual: { set: manual.set, adjustments: manual.adjustments, superseded: manual.superseded },
      propagation,
      ...(input.insiderLending && input.insiderLending.length > 0 ? { insiderLending: [...input.insiderLending] } : {}),
      ...(structures.length > 0 ? { guaranteeStructures: structures } : {}),
    },
  };
}
