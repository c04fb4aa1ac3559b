import type { CourtEvent, IsoDate, RegistryEvent } from '../../ingest/schemas/records';

/** What happened to a firm: the labels the distress model learns and is monitored against. */
export const OUTCOME_LABELS = {
  licence_revoked: '吊销经营许可',
  run: '挤兑',
  payout_stop: '停止兑付',
  case_filed: '立案侦查',
  exit: '退出（注销、停业）',
} as const;
export type OutcomeType = keyof typeof OUTCOME_LABELS;
export const OUTCOME_TYPES = Object.keys(OUTCOME_LABELS) as OutcomeType[];

/** Where an outcome was learnt: a government feed, the bureau's own licence change, or an official. */
export type OutcomeSource = 'registry' | 'court' | 'licence' | 'official';

export interface FirmOutcome {
  firmId: string;
  outcome: OutcomeType;
  occurredOn: IsoDate; // 发生日期
  source: OutcomeSource;
  /** What it was derived from (event id, licence change id, the official's entry); unique per firm, outcome and source. */
  sourceRef: string;
  detail: string;
}

/** Lender lawsuits against one firm within this many days that make a run (挤兑). */
export const RUN_SUITS = 5;
export const RUN_WINDOW_DAYS = 30;

const DAY_MS = 86_400_000;
const dayNumber = (d: IsoDate): number => Date.parse(`${d}T00:00:00Z`) / DAY_MS;

/** A registry event that is an outcome: deregistration (注销) is an exit. */
export function registryOutcome(firmId: string, event: RegistryEvent): FirmOutcome | null {
  if (event.type !== 'deregistration') return null;
  return {
    firmId,
    outcome: 'exit',
    occurredOn: event.occurredAt.slice(0, 10),
    source: 'registry',
    sourceRef: event.eventId,
    detail: event.detail ?? '工商注销',
  };
}

/**
 * Runs from court feeds: RUN_SUITS lender lawsuits against the firm within RUN_WINDOW_DAYS, dated
 * at the suit that completes the cluster; a new cluster counts again only after the window.
 */
export function courtOutcomes(firmId: string, events: readonly CourtEvent[]): FirmOutcome[] {
  const suits = events
    .filter((e) => e.type === 'lawsuit' && e.subject === 'firm' && e.plaintiffRole === 'lender')
    .sort((a, b) =>
      a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.eventId < b.eventId ? -1 : 1,
    );
  const out: FirmOutcome[] = [];
  let start = 0;
  let lastRun = -Infinity;
  for (let i = 0; i < suits.length; i += 1) {
    const day = dayNumber(suits[i].occurredAt.slice(0, 10));
    while (dayNumber(suits[start].occurredAt.slice(0, 10)) <= day - RUN_WINDOW_DAYS) start += 1;
    if (i - start + 1 >= RUN_SUITS && day - lastRun >= RUN_WINDOW_DAYS) {
      lastRun = day;
      out.push({
        firmId,
        outcome: 'run',
        occurredOn: suits[i].occurredAt.slice(0, 10),
        source: 'court',
        sourceRef: suits[i].eventId,
        detail: `${i - start + 1} 起出借人诉讼（${RUN_WINDOW_DAYS} 日内）`,
      });
    }
  }
  return out;
}

/** The bureau's own licence change: revoked is licence_revoked, exited is exit. */
export function licenceOutcome(
  firmId: string,
  change: { id: string; toStatus: string; changedOn: IsoDate },
): FirmOutcome | null {
  if (change.toStatus === 'revoked')
    return {
      firmId,
      outcome: 'licence_revoked',
      occurredOn: change.changedOn,
      source: 'licence',
      sourceRef: change.id,
      detail: '吊销经营许可',
    };
  if (change.toStatus === 'exited')
    return {
      firmId,
      outcome: 'exit',
      occurredOn: change.changedOn,
      source: 'licence',
      sourceRef: change.id,
      detail: '退出',
    };
  return null;
}

/** The first outcome date of each firm: a firm is labelled by what happened first. */
export function firstOutcomeDates(
  outcomes: readonly Pick<FirmOutcome, 'firmId' | 'occurredOn'>[],
): Map<string, IsoDate> {
  const first = new Map<string, IsoDate>();
  for (const o of outcomes) {
    const seen = first.get(o.firmId);
    if (seen === undefined || o.occurredOn < seen) first.set(o.firmId, o.occurredOn);
  }
  return first;
}
