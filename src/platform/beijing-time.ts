// The bureau's calendar is Beijing time (China Standard Time, UTC+8): deadlines, report periods, months.
// China has had no daylight saving since 1991, so a fixed offset is exact.

export const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** A Beijing calendar date, YYYY-MM-DD. */
export type BeijingDate = string;

/** The instant moved by +8 h, so that its UTC fields (getUTCHours, getUTCDay) read Beijing wall-clock time. */
export function beijingWallClock(at: Date | number): Date {
  return new Date(new Date(at).getTime() + BEIJING_OFFSET_MS);
}

/** The Beijing calendar date of an instant (today by default). */
export function beijingDate(at: Date | number = Date.now()): BeijingDate {
  return beijingWallClock(at).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD HH:mm' in Beijing time, as officials read it. */
export function formatBeijing(at: Date): string {
  return beijingWallClock(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant 24:00 Beijing time ends `day`. */
export function endOfBeijingDay(day: BeijingDate): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - BEIJING_OFFSET_MS);
}

/** [first instant, first instant of the next) of a Beijing calendar month, 'YYYY-MM'. */
export function beijingMonth(month: string): [Date, Date] {
  const [year, m] = month.split('-').map(Number);
  return [new Date(Date.UTC(year, m - 1, 1) - BEIJING_OFFSET_MS), new Date(Date.UTC(year, m, 1) - BEIJING_OFFSET_MS)];
}

/** The Beijing calendar month that contains `at`, as in beijingMonth. */
export function beijingMonthOf(at: Date): [Date, Date] {
  return beijingMonth(beijingDate(at).slice(0, 7));
}
