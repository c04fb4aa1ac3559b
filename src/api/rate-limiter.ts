import { DomainError } from '../platform/errors/domain-error';

// Callers tracked before full buckets are swept out (each entry is a few dozen bytes).
const MAX_TRACKED = 10_000;

export class RateLimited extends DomainError {
  readonly code = 'rate_limited';
  constructor(
    readonly retryAfterSeconds: number,
    what: string,
  ) {
    super(`too many ${what}; retry after ${retryAfterSeconds} s`);
  }
}

/**
 * A token bucket per caller: `perSecond` tokens a second up to `burst` (default twice the rate).
 * In memory, per API instance: behind N replicas a caller gets N times the rate, which is
 * acceptable for a guard against runaway or hostile senders (not a billing limit).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly what = 'requests',
    private readonly burst = perSecond * 2,
  ) {}

  /** Takes a token, or throws RateLimited with the wait until one is back. */
  take(caller: string): void {
    this.check(caller);
    this.spend(caller);
  }

  /** Throws RateLimited when the caller has no token left, without taking one. */
  check(caller: string): void {
    const tokens = this.refilled(caller).tokens;
    if (tokens < 1) throw new RateLimited(Math.ceil((1 - tokens) / this.perSecond), this.what);
  }

  /** Takes a token whatever is left: a caller below zero waits longer (e.g. for each failed login). */
  spend(caller: string): void {
    const bucket = this.refilled(caller);
    bucket.tokens -= 1;
    this.buckets.set(caller, bucket);
    if (this.buckets.size > MAX_TRACKED) this.forgetFull();
  }

  /** Gives back a token taken for something that turned out free (e.g. a successful login). */
  refund(caller: string): void {
    const bucket = this.refilled(caller);
    bucket.tokens = Math.min(this.burst, bucket.tokens + 1);
    this.buckets.set(caller, bucket);
  }

  private refilled(caller: string): { tokens: number; at: number } {
    const now = this.now();
    const bucket = this.buckets.get(caller) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    return bucket;
  }

  /** A caller whose bucket has refilled is the same as one never seen: keeps the map bounded. */
  private forgetFull(): void {
    const now = this.now();
    for (const [caller, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(caller);
  }
}
