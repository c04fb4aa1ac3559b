import { isUuid, timeOrderedUuid } from './uuid';

describe('timeOrderedUuid', () => {
  it('should write version 7 with the time first, so later ids sort after earlier ones', () => {
    const at = Date.UTC(2026, 11, 6, 10, 0, 0);
    const id = timeOrderedUuid(at);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7'); // version nibble
    expect(['8', '9', 'a', 'b']).toContain(id[19]); // RFC 9562 variant
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    const ids = Array.from({ length: 100 }, (_, i) => timeOrderedUuid(at + i));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1000 }, () => timeOrderedUuid(at))).size).toBe(1000);
  });
});
