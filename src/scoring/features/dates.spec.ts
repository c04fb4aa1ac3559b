import { isoDaysBefore, workingDaysAfter } from './dates';

describe('isoDaysBefore', () => {
  it('should count back calendar days, also for the same date asked with other distances', () => {
    expect(isoDaysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(isoDaysBefore('2026-03-01', 29)).toBe('2026-01-31');
    expect(isoDaysBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(isoDaysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(isoDaysBefore('2026-03-01', -1)).toBe('2026-03-02');
  });
});

describe('workingDaysAfter over long spans', () => {
  it('should count Monday to Friday days one by one, whole weeks included', () => {
    const DAY = 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const byDay = (from: string, to: string) => {
      let n = 0;
      for (let t = Date.parse(`${from}T00:00:00Z`) + DAY; t <= Date.parse(`${to}T00:00:00Z`); t += DAY)
        if (![0, 6].includes(new Date(t).getUTCDay())) n += 1;
      return n;
    };
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let f = 0; f < 14; f += 1)
      for (const span of [-3, 0, 1, 2, 5, 6, 7, 8, 13, 14, 30, 31, 100, 181, 365, 400]) {
        const from = iso(start + f * DAY);
        const to = iso(start + (f + span) * DAY);
        expect([from, to, workingDaysAfter(from, to)]).toEqual([from, to, byDay(from, to)]);
      }
  });
});
