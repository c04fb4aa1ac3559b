import type { JSONSchemaType } from 'ajv';
import { parseConfigYaml, readAlertsFile } from '../alerts-config-file';
import { beijingDate, endOfBeijingDay, type BeijingDate } from '../../platform/beijing-time';
import { AlertsConfigInvalid } from '../alerts.errors';

// Deadlines are Beijing time (src/platform/beijing-time).
const DAY_MS = 24 * 3600_000;

/** A Beijing calendar date, YYYY-MM-DD. */
export type LocalDate = BeijingDate;

function nextDate(day: LocalDate): LocalDate {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export interface CalendarFile {
  /** 法定节假日: dates or ranges 'YYYY-MM-DD..YYYY-MM-DD'. */
  holidays: string[];
  /** 调休: weekend dates that are working days. */
  makeupWorkdays: string[];
}

/** Weekends off, except make-up workdays; listed public holidays off. Pure; build once from config. */
export class WorkingDayCalendar {
  private readonly holidays: ReadonlySet<LocalDate>;
  private readonly makeupWorkdays: ReadonlySet<LocalDate>;

  constructor(holidays: Iterable<LocalDate>, makeupWorkdays: Iterable<LocalDate>) {
    this.holidays = new Set(holidays);
    this.makeupWorkdays = new Set(makeupWorkdays);
  }

  isWorkingDay(day: LocalDate): boolean {
    if (this.makeupWorkdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The end (24:00 Beijing) of the n-th working day after the day of `from`. As in 民法典 arts.
   * 201 and 203, the starting day does not count and a period ends at 24:00 of its last day.
   */
  endOfWorkingDays(from: Date, n: number): Date {
    let day = beijingDate(from);
    for (let counted = 0; counted < n;) {
      day = nextDate(day);
      if (this.isWorkingDay(day)) counted++;
    }
    return endOfBeijingDay(day);
  }
}

const schema: JSONSchemaType<CalendarFile> = {
  type: 'object',
  properties: {
    holidays: {
      type: 'array',
      items: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}(\\.\\.\\d{4}-\\d{2}-\\d{2})?$' },
    },
    makeupWorkdays: { type: 'array', items: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
  },
  required: ['holidays', 'makeupWorkdays'],
  additionalProperties: false,
};

export function parseCalendar(yamlText: string, source = 'calendar.yaml'): WorkingDayCalendar {
  const file = parseConfigYaml(yamlText, schema, source);
  const problems: Array<{ pointer: string; detail: string }> = [];
  const holidays = file.holidays.flatMap((entry, i) => {
    const [start, end = start] = entry.split('..');
    if (!isRealDate(start) || !isRealDate(end) || end < start) {
      problems.push({ pointer: `/holidays/${i}`, detail: `'${entry}' is not a date or an ordered range` });
      return [];
    }
    const days: LocalDate[] = [];
    for (let d = start; d <= end; d = nextDate(d)) days.push(d);
    return days;
  });
  file.makeupWorkdays.forEach((d, i) => {
    if (!isRealDate(d)) problems.push({ pointer: `/makeupWorkdays/${i}`, detail: `'${d}' is not a date` });
  });
  if (problems.length) throw new AlertsConfigInvalid(`${source} has bad dates`, problems);
  return new WorkingDayCalendar(holidays, file.makeupWorkdays);
}

function isRealDate(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

/** The calendar shipped in src/alerts/policy/calendar.yaml. */
export function loadDefaultCalendar(): WorkingDayCalendar {
  return parseCalendar(readAlertsFile('policy/calendar.yaml'));
}
