/** The alert tiers of docs/regulations.md (alert tiers), with `none` below blue. */
export const ALERT_TIERS = ['none', 'blue', 'yellow', 'orange', 'red'] as const;
export type AlertTier = (typeof ALERT_TIERS)[number];

export const ALERT_TIER_ZH: Readonly<Record<AlertTier, string>> = { none: '无', blue: '蓝色(IV 一般)', yellow: '黄色(III 较大)', orange: '橙色(II 重大)', red: '红色(I 特别重大)' };

const RANK: Readonly<Record<AlertTier, number>> = { none: 0, blue: 1, yellow: 2, orange: 3, red: 4 };

export function tierRank(tier: AlertTier): number {
  return RANK[tier];
}

export function maxTier(a: AlertTier, b: AlertTier): AlertTier {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Score bands of §5 [D]: blue 40-59, yellow 60-74, orange 75-89, red ≥ 90. */
export const SCORE_BANDS = { blue: 40, yellow: 60, orange: 75, red: 90 } as const;

export function tierForScore(riskScore: number): AlertTier {
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
