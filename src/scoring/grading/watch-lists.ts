import type { IsoDate } from '../../ingest/schemas/records';
import { FINDING_LABELS, type Finding } from '../features/firm-history';
import type { Grade } from './alert-tier';
import type { Assessment, AssessmentExplanation, FiredRule } from './composite-score';

/** 白名单 / 黑名单 decisions with the reasons an analyst can read back. */
export interface ListDecision {
  listed: boolean;
  reasons: string[];
}

/**
 * What the list decisions read of an assessment: stored ones carry their compact fired rules (no
 * explanation text); the one being decided carries its full explanation.
 */
export type ListedAssessment = Pick<Assessment, 'asOf' | 'grade' | 'tier'> & {
  explanation: {
    rulesFired: ReadonlyArray<FiredRule & Partial<Pick<AssessmentExplanation['rulesFired'][number], 'explanation'>>>;
  };
};

export interface WhiteListOptions {
  /** Consecutive latest assessments needed (default 4, e.g. four quarters). */
  periods?: number;
  grades?: readonly Grade[];
}

/**
 * White list: the last N assessments (oldest first in `history`) all have a good grade, none had
 * a tier, rule hit or manual `set`; one blemish resets the count.
 */
export function whiteListDecision(history: readonly ListedAssessment[], options: WhiteListOptions = {}): ListDecision {
  const periods = options.periods ?? 4;
  const grades = options.grades ?? ['A'];
  const recent = history.slice(-periods);
  if (recent.length < periods)
    return { listed: false, reasons: [`评估期数不足 ${periods} 期(现有 ${recent.length} 期)`] };
  const blemishes = recent.flatMap((a) => {
    const out: string[] = [];
    if (!grades.includes(a.grade)) out.push(`${a.asOf} 评级 ${a.grade}`);
    if (a.tier !== 'none') out.push(`${a.asOf} 预警 ${a.tier}`);
    if (a.explanation.rulesFired.length > 0)
      out.push(`${a.asOf} 触发规则 ${a.explanation.rulesFired.map((r) => r.ruleId).join(',')}`);
    return out;
  });
  if (blemishes.length > 0) return { listed: false, reasons: blemishes };
  return {
    listed: true,
    reasons: [
      `连续 ${periods} 期评级为 ${grades.join('/')} 且无预警、无规则触发(${recent[0].asOf} 至 ${recent[recent.length - 1].asOf})`,
    ],
  };
}

export interface BlackListOptions {
  /** A hard-limit violation counts once it persists this many consecutive assessments (default 2). */
  violationPeriods?: number;
}

/**
 * Black list: the latest assessment is red, a 一票否决 rule fired, a confirmed finding is open, or
 * the same hard-limit violation persisted over the last `violationPeriods` assessments.
 */
export function blackListDecision(
  history: readonly ListedAssessment[],
  findings: readonly Finding[],
  asOf: IsoDate,
  options: BlackListOptions = {},
): ListDecision {
  const reasons: string[] = [];
  const latest = history[history.length - 1];
  if (latest?.tier === 'red') reasons.push(`${latest.asOf} 红色预警`);
  for (const r of latest?.explanation.rulesFired ?? [])
    if (r.veto) reasons.push(`一票否决 ${r.ruleId}: ${r.explanation ?? r.title.zh}`);
  for (const f of findings) {
    if (f.confirmedAt <= asOf && (f.closedAt === undefined || f.closedAt > asOf))
      reasons.push(`查实违规 ${FINDING_LABELS[f.code]} (${f.confirmedAt})`);
  }
  const periods = options.violationPeriods ?? 2;
  const recent = history.slice(-periods);
  if (recent.length === periods) {
    const violationIds = (a: ListedAssessment): Set<string> =>
      new Set(a.explanation.rulesFired.filter((r) => r.tier === 'violation').map((r) => r.ruleId));
    const persistent = [...violationIds(recent[0])].filter((id) => recent.every((a) => violationIds(a).has(id)));
    for (const id of persistent) reasons.push(`超限违规 ${id} 连续 ${periods} 期未整改`);
  }
  return { listed: reasons.length > 0, reasons };
}
