import { DomainError } from '../../platform/errors/domain-error';

export class RateLimited extends DomainError {
  readonly code = 'rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many push requests; retry after ${retryAfterSeconds} s`);
  }
}

/**
 * A token bucket per caller: `perSecond` requests a second with a burst of twice that. In memory,
 * per API instance: behind N replicas a firm gets N times the rate, which is acceptable for a
 * guard against runaway senders (not a billing limit).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(caller: string): void {
    const now = this.now();
    const burst = this.perSecond * 2;
    const bucket = this.buckets.get(caller) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(caller, bucket);
      throw new RateLimited(Math.ceil((1 - bucket.tokens) / this.perSecond));
    }
    bucket.tokens -= 1;
    this.buckets.set(caller, bucket);
  }
}
