import { Prng } from './prng';

describe(Prng.name, () => {
  it('should repeat the same stream when seeded the same', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('should give different streams for different seeds', () => {
    expect(new Prng(1).next()).not.toBe(new Prng(2).next());
  });

  it('should keep int within both bounds', () => {
    const prng = new Prng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(prng.int(3, 5));
    expect([...seen].sort()).toEqual([3, 4, 5]);
  });

  it('should average close to the rate when drawing poisson counts', () => {
    const prng = new Prng(9);
    let sum = 0;
    for (let i = 0; i < 5000; i++) sum += prng.poisson(2);
    expect(sum / 5000).toBeGreaterThan(1.8);
    expect(sum / 5000).toBeLessThan(2.2);
  });
});
