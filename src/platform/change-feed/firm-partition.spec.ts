import { partitionOf } from './firm-partition';

describe('partitionOf', () => {
  it('should give the partition of Kafka Java clients when the key is a test vector of their murmur2', () => {
    // Kafka's UtilsTest: murmur2("foobar") = -790332482, murmur2("abc") = 479470107; partition = (h & 0x7fffffff) % n.
    expect(partitionOf('foobar', 12)).toBe((-790332482 & 0x7fffffff) % 12);
    expect(partitionOf('abc', 12)).toBe(479470107 % 12);
    expect(partitionOf('abc', 7)).toBe(479470107 % 7);
  });

  it('should spread credit codes over every partition when there are many', () => {
    const spread = new Set(
      Array.from({ length: 500 }, (_, i) => partitionOf(`9133010${String(i).padStart(11, '0')}`, 12)),
    );
    expect(spread.size).toBe(12);
  });
});
