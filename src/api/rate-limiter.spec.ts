import { RateLimited, RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  it('should allow a burst of twice the rate, then refuse until tokens refill', () => {
    let now = 0;
    const limiter = new RateLimiter(5, () => now, 'push requests');
    for (let i = 0; i < 10; i++) limiter.take('firm-a');
    expect(() => limiter.take('firm-a')).toThrow(RateLimited);
    limiter.take('firm-b'); // another caller has its own bucket
    now += 200; // one token back at 5/s
    limiter.take('firm-a');
    expect(() => limiter.take('firm-a')).toThrow(/too many push requests; retry after 1 s/);
  });

  it('should check without taking, and take a slow rate with its own burst', () => {
    let now = 0;
    const limiter = new RateLimiter(10 / 60, () => now, 'failed logins', 3); // 10 a minute, 3 at once
    for (let i = 0; i < 3; i++) {
      limiter.check('10.0.0.1');
      limiter.take('10.0.0.1');
    }
    let refusal: RateLimited | undefined;
    try {
      limiter.check('10.0.0.1');
    } catch (error) {
      refusal = error as RateLimited;
    }
    expect(refusal?.retryAfterSeconds).toBe(6);
    now += 6000;
    limiter.check('10.0.0.1');
    limiter.check('10.0.0.1'); // checking takes nothing
  });
});
