import type { Instant, IsoDate } from '../../ingest/schemas/records';
import { beijingDate } from '../../platform/beijing-time';

const DAY_MS = 86_400_000;

// Date arithmetic dominated feature time (a re-score asks the same few dates for every firm). Keyed
// by date then by days: a composite string key cost a concatenation and a hash per call.
const daysBeforeCache = new Map<string, Map<number, IsoDate>>();
let cachedDates = 0;

/** Days are counted on UTC calendar dates; ISO dates compare correctly as strings. */
export function isoDaysBefore(date: IsoDate, days: number): IsoDate {
  let byDays = daysBeforeCache.get(date);
  if (byDays === undefined) {
    if (daysBeforeCache.size > 20_000 || cachedDates > 100_000) {
      daysBeforeCache.clear();
      cachedDates = 0;
    }
    byDays = new Map();
    daysBeforeCache.set(date, byDays);
  }
  let out = byDays.get(days);
  if (out === undefined) {
    out = new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
    byDays.set(days, out);
    cachedDates += 1;
  }
  return out;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * The calendar date of an instant in China Standard Time: a news item at 2026-03-01T01:00+08:00
 * belongs to 1 March for the bureau, not to 28 February UTC.
 */
export function instantToChinaDate(instant: Instant): IsoDate {
  const ms = Date.parse(instant);
  if (!Number.isFinite(ms)) return instant.slice(0, 10);
  return beijingDate(ms);
}

/** Mon-Fri days strictly after `from` up to and including the date of `to` (holidays not modelled). */
export function workingDaysAfter(from: IsoDate, to: IsoDate): number {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (!(end > start)) return 0;
  // Whole weeks count five each; only the days left over are looked at (a report received months
  // late made this loop a tenth of a re-score's feature time).
  const days = Math.floor((end - start) / DAY_MS);
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  for (let t = start + (weeks * 7 + 1) * DAY_MS; t <= end; t += DAY_MS) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}

/** A window (asOf − days, asOf] as string bounds, computed once per feature run. */
export interface DateWindow {
  after: IsoDate;
  until: IsoDate;
}

export function windowOf(asOf: IsoDate, days: number): DateWindow {
  return { after: isoDaysBefore(asOf, days), until: asOf };
}

export function inWindow(date: IsoDate, w: DateWindow): boolean {
  return date > w.after && date <= w.until;
}
