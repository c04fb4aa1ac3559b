// Four-tier alerts (docs/regulations.md (alert tiers)). Levels follow 突发事件应对法 art. 42: IV is the mildest.

/** Lowest first, so an index is a severity rank. */
export const ALERT_TIERS = ['blue', 'yellow', 'orange', 'red'] as const;
export type AlertTier = (typeof ALERT_TIERS)[number];

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

export function tierRank(tier: AlertTier): number {
  return ALERT_TIERS.indexOf(tier);
}

/** The more severe of two tiers; null stands for "no risk". */
export function maxTier(a: AlertTier | null, b: AlertTier | null): AlertTier | null {
  if (a === null) return b;
  if (b === null) return a;
  return tierRank(a) >= tierRank(b) ? a : b;
}

/** One tier up; red is the ceiling (escalation then moves up the chain of officials instead). */
export function tierAbove(tier: AlertTier): AlertTier {
  return ALERT_TIERS[Math.min(tierRank(tier) + 1, ALERT_TIERS.length - 1)];
}

export function isAlertTier(value: unknown): value is AlertTier {
  return typeof value === 'string' && (ALERT_TIERS as readonly string[]).includes(value);
}
