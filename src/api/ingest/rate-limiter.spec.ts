import { RateLimited, RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  it('should allow a burst of twice the rate, then refuse until tokens refill', () => {
    let now = 0;
    const limiter = new RateLimiter(5, () => now);
    for (let i = 0; i < 10; i++) limiter.take('firm-a');
    expect(() => limiter.take('firm-a')).toThrow(RateLimited);
    limiter.take('firm-b'); // another caller has its own bucket
    now += 200; // one token back at 5/s
    limiter.take('firm-a');
    expect(() => limiter.take('firm-a')).toThrow(/retry after 1 s/);
  });
});
