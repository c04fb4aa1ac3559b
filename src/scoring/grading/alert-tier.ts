// Four-tier alerts (docs/regulations.md (alert tiers)). Levels follow 突发事件应对法 art. 42: IV is the mildest.
// Scoring owns the tiers because it grades them; alerts (above scoring) imports them from here.

/** 预警等级, lowest first, so an index is a severity rank. */
export const ALERT_TIERS = ['blue', 'yellow', 'orange', 'red'] as const;
export type AlertTier = (typeof ALERT_TIERS)[number];

/** Scoring's graded tier: an alert tier, or `none` (无预警) below blue. */
export const GRADED_TIERS = ['none', ...ALERT_TIERS] as const;
export type GradedTier = AlertTier | 'none';

export interface TierInfo {
  /** 预警名称, as officials read it: 蓝色预警. */
  name: string;
  /** 预警级别 in Roman numerals, IV (一般) .. I (特别重大). */
  level: 'IV' | 'III' | 'II' | 'I';
  /** 事件等级: 一般 / 较大 / 重大 / 特别重大. */
  severity: string;
}

export const TIER_INFO: Readonly<Record<AlertTier, TierInfo>> = {
  blue: { name: '蓝色预警', level: 'IV', severity: '一般' },
  yellow: { name: '黄色预警', level: 'III', severity: '较大' },
  orange: { name: '橙色预警', level: 'II', severity: '重大' },
  red: { name: '红色预警', level: 'I', severity: '特别重大' },
};

/** none 0, blue 1 .. red 4; null ("no risk" on the alerts side) ranks with none. */
export function tierRank(tier: GradedTier | null): number {
  return tier === null ? 0 : GRADED_TIERS.indexOf(tier);
}

/** The more severe of two tiers; alerts write "no risk" as null, scoring as `none`. */
export function maxTier(a: GradedTier, b: GradedTier): GradedTier;
export function maxTier(a: AlertTier | null, b: AlertTier | null): AlertTier | null;
export function maxTier(a: GradedTier | null, b: GradedTier | null): GradedTier | null {
  if (a === null) return b;
  if (b === null) return a;
  return tierRank(a) >= tierRank(b) ? a : b;
}

/** One tier up; red is the ceiling (escalation then moves up the chain of officials instead). */
export function tierAbove(tier: AlertTier): AlertTier {
  return ALERT_TIERS[Math.min(ALERT_TIERS.indexOf(tier) + 1, ALERT_TIERS.length - 1)];
}

export function isAlertTier(value: unknown): value is AlertTier {
  return typeof value === 'string' && (ALERT_TIERS as readonly string[]).includes(value);
}

/** Scoring's `none` is the alerts' null: no alert. */
export function alertTierOf(tier: GradedTier): AlertTier | null {
  return tier === 'none' ? null : tier;
}

/** Score bands of §5 [D]: blue 40-59, yellow 60-74, orange 75-89, red ≥ 90. */
export const SCORE_BANDS = { blue: 40, yellow: 60, orange: 75, red: 90 } as const;

export function tierForScore(riskScore: number): GradedTier {
  if (riskScore >= SCORE_BANDS.red) return 'red';
  if (riskScore >= SCORE_BANDS.orange) return 'orange';
  if (riskScore >= SCORE_BANDS.yellow) return 'yellow';
  if (riskScore >= SCORE_BANDS.blue) return 'blue';
  return 'none';
}

export type Grade = 'A' | 'B' | 'C' | 'D';

/** Rating bands seen in practice, on the quality score (100 − risk): A ≥ 90, B 75-90, C 60-75, D < 60. */
export function gradeForQuality(qualityScore: number): Grade {
  if (qualityScore >= 90) return 'A';
  if (qualityScore >= 75) return 'B';
  if (qualityScore >= 60) return 'C';
  return 'D';
}
