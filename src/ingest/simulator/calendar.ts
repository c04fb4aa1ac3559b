// Month arithmetic for the simulation clock: month index 0 is the `startMonth` (YYYY-MM).
import { IsoDate } from '../schemas/records';

export interface SimMonth {
  index: number;
  year: number;
  /** 1-12 */
  month: number;
  days: number;
  start: IsoDate;
  end: IsoDate;
}

export function parseStartMonth(text: string): { year: number; month: number } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (!match) throw new Error(`startMonth must be YYYY-MM, got '${text}'`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

export function simMonth(startMonth: string, index: number): SimMonth {
  const start = parseStartMonth(startMonth);
  const total = start.year * 12 + (start.month - 1) + index;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const prefix = `${year}-${pad2(month)}`;
  return { index, year, month, days, start: `${prefix}-01`, end: `${prefix}-${pad2(days)}` };
}

export function dayOf(month: SimMonth, day: number): IsoDate {
  return `${month.year}-${pad2(month.month)}-${pad2(Math.min(Math.max(day, 1), month.days))}`;
}

/** The date `days` after `date` (UTC calendar arithmetic). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
