import { AlertsConfigInvalid } from '../alerts.errors';
import { ackDeadline } from './deadlines';
import { beijingDate } from '../../platform/beijing-time';
import { loadDefaultCalendar, parseCalendar } from './working-day-calendar';

describe('working-day calendar', () => {
  const calendar = loadDefaultCalendar();

  it('should treat weekends as rest days and weekdays as working days', () => {
    expect(calendar.isWorkingDay('2025-06-06')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2025-06-07')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-06-08')).toBe(false); // Sunday
  });

  it('should rest on public holidays and work on make-up days (调休)', () => {
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-08')).toBe(false); // end of a listed range
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday, make-up day
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday, make-up day
  });

  it('should end a working-day deadline at 24:00 Beijing of the n-th working day after the opening day', () => {
    // Friday 10:00 Beijing; Mon..Fri of the next week are the five days.
    expect(ackDeadline('blue', new Date('2025-06-06T02:00:00Z'), calendar).toISOString()).toBe(
      '2025-06-13T16:00:00.000Z',
    );
    expect(ackDeadline('yellow', new Date('2025-06-06T02:00:00Z'), calendar).toISOString()).toBe(
      '2025-06-11T16:00:00.000Z',
    );
  });

  it('should skip the National Day holiday and count the make-up days', () => {
    // Friday 2025-09-26: Sun 28 (make-up), Mon 29, Tue 30, then Oct 9 and Oct 10.
    expect(ackDeadline('blue', new Date('2025-09-26T02:00:00Z'), calendar).toISOString()).toBe(
      '2025-10-10T16:00:00.000Z',
    );
    expect(ackDeadline('yellow', new Date('2025-09-26T02:00:00Z'), calendar).toISOString()).toBe(
      '2025-09-30T16:00:00.000Z',
    );
    // Opened Sep 30: Oct 9, 10, 11 (Saturday make-up), 13, 14.
    expect(ackDeadline('blue', new Date('2025-09-30T02:00:00Z'), calendar).toISOString()).toBe(
      '2025-10-14T16:00:00.000Z',
    );
  });

  it('should take the Beijing date, not the UTC date, as the opening day', () => {
    const saturdayEarly = new Date('2025-06-06T17:00:00Z'); // Saturday 01:00 in Beijing
    expect(beijingDate(saturdayEarly)).toBe('2025-06-07');
    expect(ackDeadline('yellow', saturdayEarly, calendar).toISOString()).toBe('2025-06-11T16:00:00.000Z');
  });

  it('should count orange and red deadlines in clock hours, holidays included', () => {
    const holiday = new Date('2025-10-02T02:00:00Z');
    expect(ackDeadline('orange', holiday, calendar).toISOString()).toBe('2025-10-03T02:00:00.000Z');
    expect(ackDeadline('red', holiday, calendar).toISOString()).toBe('2025-10-02T03:00:00.000Z');
  });

  it('should list every bad date of a calendar file with its pointer', () => {
    try {
      parseCalendar('holidays: [2025-02-30, 2025-05-05..2025-05-01]\nmakeupWorkdays: [soon]\n');
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(AlertsConfigInvalid);
      expect((error as AlertsConfigInvalid).problems.map((p) => p.pointer)).toEqual(['/makeupWorkdays/0']);
    }
    try {
      parseCalendar('holidays: [2025-02-30, 2025-05-05..2025-05-01]\nmakeupWorkdays: []\n');
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as AlertsConfigInvalid).problems.map((p) => p.pointer)).toEqual(['/holidays/0', '/holidays/1']);
    }
  });
});
