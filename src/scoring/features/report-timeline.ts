import type { IsoDate } from '../../ingest/schemas/records';
import { isoDaysBefore } from './dates';
import type { KindReport } from './firm-history';

/** Reports older than this are stale: the firm stopped reporting, which is itself 'no data'. */
export const STALE_REPORT_DAYS = 100;

/** The reports a feature run looks at, picked once per firm and date. */
export interface ReportTimeline<R extends KindReport> {
  current: R | null;
  /** The latest report ending at least 25 days before the current one (month on month). */
  monthAgo: R | null;
  /** The latest report ending 85-120 days before the current one (quarter on quarter). */
  ago90: R | null;
  /** Reports ending within (asOf − days, asOf], oldest first. */
  within(days: number): R[];
}

/** `reports` must be ordered by periodEnd; a later report of the same period supersedes (更正). */
export function reportTimeline<R extends KindReport>(reports: readonly R[], asOf: IsoDate): ReportTimeline<R> {
  let end = reports.length;
  while (end > 0 && reports[end - 1].periodEnd > asOf) end -= 1;
  const upTo = reports.slice(0, end);
  const latest = upTo.length > 0 ? upTo[upTo.length - 1] : null;
  const current = latest && latest.periodEnd > isoDaysBefore(asOf, STALE_REPORT_DAYS) ? latest : null;
  const latestEndingBy = (limit: IsoDate, notBefore?: IsoDate): R | null => {
    for (let i = upTo.length - 1; i >= 0; i -= 1) {
      const r = upTo[i];
      if (r.periodEnd <= limit) return notBefore === undefined || r.periodEnd >= notBefore ? r : null;
    }
    return null;
  };
  const monthAgo = current ? latestEndingBy(isoDaysBefore(current.periodEnd, 25)) : null;
  const ago90 = current
    ? latestEndingBy(isoDaysBefore(current.periodEnd, 85), isoDaysBefore(current.periodEnd, 120))
    : null;
  return {
    current,
    monthAgo,
    ago90,
    within(days: number): R[] {
      const after = isoDaysBefore(asOf, days);
      const out: R[] = [];
      // Walk back so that a correction (same period, later in the list) wins over the original.
      // Reports of one period end are adjacent (ordered by periodEnd), so a correction is looked
      // for only among the last ones taken: no set of period keys built per call.
      for (let i = upTo.length - 1; i >= 0 && upTo[i].periodEnd > after; i -= 1) {
        const r = upTo[i];
        let seen = false;
        for (let k = out.length - 1; k >= 0 && out[k].periodEnd === r.periodEnd; k -= 1)
          if (out[k].periodType === r.periodType && out[k].periodStart === r.periodStart) seen = true;
        if (!seen) out.push(r);
      }
      return out.reverse();
    },
  };
}

/**
 * The timeline scoring reads: the periodic (monthly, quarterly, annual) series while it is
 * current, else the daily series. Stocks (net assets, balances, paid-in capital) are as true in a
 * daily report as in a monthly one, so a firm that reports only daily is scored on its daily
 * reports, never graded 'no data'. The two series are never mixed: a day's flows compared with a
 * month's would read as a collapse.
 */
export function scoringTimeline<R extends KindReport>(reports: readonly R[], asOf: IsoDate): ReportTimeline<R> {
  // Most firms report only periodically: then the list is the periodic series as it is.
  let hasDaily = false;
  for (const r of reports) if (r.periodType === 'daily') hasDaily = true;
  const periodic = reportTimeline(hasDaily ? reports.filter((r) => r.periodType !== 'daily') : reports, asOf);
  if (periodic.current || !hasDaily) return periodic;
  const daily = reportTimeline(
    reports.filter((r) => r.periodType === 'daily'),
    asOf,
  );
  return daily.current ? daily : periodic;
}
