import { beijingDate } from '../../platform/beijing-time';
import { periodProblems } from './period-checks';

describe(periodProblems.name, () => {
  const header = (periodStart: string, periodEnd: string) => ({
    reportId: 'R-1',
    firmCreditCode: '91330106MA2B3C4D5D',
    periodType: 'monthly' as const,
    periodStart,
    periodEnd,
  });

  it('should accept a month that is over and refuse the running one and future ones', () => {
    expect(periodProblems(header('2026-11-01', '2026-11-30'), '2026-12-06')).toEqual([]);
    expect(periodProblems(header('2026-12-01', '2026-12-31'), '2026-12-06').map((p) => p.pointer)).toEqual([
      '/periodEnd',
    ]);
    expect(periodProblems(header('2099-01-01', '2099-01-31'), '2026-12-06').map((p) => p.pointer)).toEqual([
      '/periodEnd',
    ]);
  });

  it('should refuse a month on its last day, which is not over yet', () => {
    expect(periodProblems(header('2026-11-01', '2026-11-30'), '2026-11-30')).toHaveLength(1);
  });
});

describe(beijingDate.name, () => {
  it('should give the date in China (UTC+8)', () => {
    expect(beijingDate(Date.parse('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(beijingDate(Date.parse('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
  });
});
