import { isoDaysBefore } from './dates';

describe('isoDaysBefore', () => {
  it('should count back calendar days, also for the same date asked with other distances', () => {
    expect(isoDaysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(isoDaysBefore('2026-03-01', 29)).toBe('2026-01-31');
    expect(isoDaysBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(isoDaysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(isoDaysBefore('2026-03-01', -1)).toBe('2026-03-02');
  });
});
