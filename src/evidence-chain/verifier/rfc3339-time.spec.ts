import { parseRfc3339 } from './rfc3339-time';

describe(parseRfc3339.name, () => {
  it('should keep all 9 fractional digits when CometBFT prints nanoseconds', () => {
    expect(parseRfc3339('2026-11-25T16:15:09.072681346Z')).toEqual({ seconds: 1795623309n, nanos: 72681346 });
  });

  it('should read short fractions as nanoseconds and no fraction as zero', () => {
    expect(parseRfc3339('1970-01-01T00:00:01.5Z')).toEqual({ seconds: 1n, nanos: 500000000 });
    expect(parseRfc3339('2000-02-29T00:00:00Z')).toEqual({ seconds: 951782400n, nanos: 0 });
  });

  it('should apply a numeric offset and agree with Date on the seconds', () => {
    const t = parseRfc3339('2026-11-25T08:15:09.999999999-08:00');
    expect(t.seconds).toBe(BigInt(Date.parse('2026-11-25T16:15:09Z') / 1000));
    expect(t.nanos).toBe(999999999);
  });

  it('should go before 1970 and to year 1 (the zero time Go prints for absent votes)', () => {
    expect(parseRfc3339('1969-12-31T23:59:59Z').seconds).toBe(-1n);
    expect(parseRfc3339('0001-01-01T00:00:00Z').seconds).toBe(-62135596800n);
  });

  it('should refuse more than 9 fractional digits, impossible dates and missing zones', () => {
    expect(() => parseRfc3339('2026-11-25T16:15:09.0726813461Z')).toThrow(/RFC 3339/);
    expect(() => parseRfc3339('2026-02-29T00:00:00Z')).toThrow(/calendar/);
    expect(() => parseRfc3339('2026-11-25T16:15:09')).toThrow(/RFC 3339/);
  });
});
