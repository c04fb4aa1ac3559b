import {
  beijingDate,
  beijingMonth,
  beijingMonthOf,
  beijingWallClock,
  endOfBeijingDay,
  formatBeijing,
} from './beijing-time';

const at = (iso: string) => new Date(iso);
const iso = (range: Date[]) => range.map((d) => d.toISOString());

describe('beijing-time', () => {
  it('should give the Beijing date when the UTC date is still the day before', () => {
    expect(beijingDate(Date.parse('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(beijingDate(at('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
  });

  it('should format minutes in Beijing time', () => {
    expect(formatBeijing(at('2025-06-06T17:30:00Z'))).toBe('2025-06-07 01:30');
  });

  it('should read the Beijing hour and weekday from the wall clock', () => {
    const local = beijingWallClock(at('2026-03-01T23:59:00Z'));
    expect([local.getUTCHours(), local.getUTCDay()]).toEqual([7, 1]); // Monday 07:59
  });

  it('should end a Beijing day at 16:00 UTC', () => {
    expect(endOfBeijingDay('2025-06-09').toISOString()).toBe('2025-06-09T16:00:00.000Z');
  });

  it('should bound a month at Beijing midnight, across a year end', () => {
    expect(iso(beijingMonth('2026-03'))).toEqual(['2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z']);
    expect(iso(beijingMonth('2026-12'))).toEqual(['2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
  });

  it('should find the month of an instant in Beijing time when UTC is still in the month before', () => {
    expect(iso(beijingMonthOf(at('2026-02-28T16:30:00Z')))).toEqual(iso(beijingMonth('2026-03')));
    expect(iso(beijingMonthOf(at('2026-12-31T15:59:59Z')))).toEqual(iso(beijingMonth('2026-12')));
  });
});
