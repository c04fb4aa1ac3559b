import {
  maskedTargetKey,
  type AlertChannel,
  type ChannelKind,
  type ChannelTarget,
  type DeliveryResult,
} from './alert-channel';
import type { AlertMessage } from './alert-message';
import { AttemptSignal } from './attempt-signal';
import { networkFailure } from './http-post';
import type { PlannedDelivery } from '../routing/route-alert';

export type DeliveryStatus =
  | 'delivered'
  | 'failed' // rejected for good, or still failing after the last attempt
  | 'timed_out' // the last attempt got no answer in time (it may or may not have arrived)
  | 'skipped'; // the channel is not configured in this deployment

export interface AttemptRecord {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  ok: boolean;
  timedOut: boolean;
  error?: string;
}

/** Stored per delivery; `target` is masked (webhook keys, tokens and phone numbers are sensitive). */
export interface DeliveryOutcome {
  channel: ChannelKind;
  target: string;
  recipientIds: string[];
  status: DeliveryStatus;
  attempts: AttemptRecord[];
  error?: string;
  /** The push subscription is gone: delete it from the directory. */
  gone?: boolean;
  providerMessageId?: string;
}

export interface DispatchReport {
  alertId: string;
  deliveries: DeliveryOutcome[];
  /** recipient id -> channel -> status; with several targets on one channel the best status wins. */
  byRecipient: Record<string, Partial<Record<ChannelKind, DeliveryStatus>>>;
}

export interface RetryPolicy {
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  /** Delay before the second attempt; doubles each time up to maxDelayMs (with jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** An attempt without an answer by then is aborted and counts as timed out. */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  attemptTimeoutMs: 10_000,
};

/** The most the wait after failed attempt n can be: the base doubled each time, capped (jitter only shortens it). */
function backoffCeilingMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

/** The longest one delivery can take under the policy: every attempt timing out, every backoff at its ceiling. */
export function longestDeliveryMs(policy: RetryPolicy): number {
  let backoff = 0;
  for (let n = 1; n < policy.maxAttempts; n++) backoff += backoffCeilingMs(policy, n);
  return policy.maxAttempts * policy.attemptTimeoutMs + backoff;
}

export interface DispatcherClock {
  sleep(ms: number): Promise<void>;
  now(): Date;
  /** In [0, 1); jitter spreads retries of many deliveries that failed together. */
  random(): number;
}

const REAL_CLOCK: DispatcherClock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => new Date(),
  random: Math.random,
};

export type ChannelRegistry = Partial<{ [K in ChannelKind]: AlertChannel<K> }>;

const STATUS_PREFERENCE: DeliveryStatus[] = ['delivered', 'timed_out', 'failed', 'skipped'];

// At most this many attempts per channel are on the network at once; in a burst the rest wait here,
// before their attempt timer starts, so the timeout measures the provider and not our own queue (a
// queued request that timed out would only retry into the same queue). Per channel, so a hanging
// provider holds up only its own deliveries.
const ATTEMPTS_IN_FLIGHT_PER_CHANNEL = 256;

/** A counting semaphore, first come first served. */
class Slots {
  private readonly waiting: Array<() => void> = [];

  constructor(private free: number) {}

  /** Takes a free slot at once if there is one (no promise, no microtask: the common case). */
  take(): boolean {
    if (this.free === 0) return false;
    this.free--;
    return true;
  }

  /** Resolves once release() hands this caller a slot. */
  wait(): Promise<void> {
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/**
 * Sends one message to every planned delivery at once. Each delivery retries on its own with
 * exponential backoff and a per-attempt timeout, so a failing or hanging channel never holds up
 * the others. Never throws: every outcome is in the report.
 */
export class AlertDispatcher {
  private readonly clock: DispatcherClock;
  private readonly slots = new Map<ChannelKind, Slots>();

  constructor(
    private readonly channels: ChannelRegistry,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    clock: Partial<DispatcherClock> = {},
  ) {
    this.clock = { ...REAL_CLOCK, ...clock };
  }

  async dispatch(message: AlertMessage, deliveries: readonly PlannedDelivery[]): Promise<DispatchReport> {
    const outcomes = await Promise.all(deliveries.map((d) => this.deliver(message, d)));
    const byRecipient: DispatchReport['byRecipient'] = {};
    for (const outcome of outcomes) {
      for (const id of outcome.recipientIds) {
        const mine = (byRecipient[id] ??= {});
        const before = mine[outcome.channel];
        if (!before || STATUS_PREFERENCE.indexOf(outcome.status) < STATUS_PREFERENCE.indexOf(before))
          mine[outcome.channel] = outcome.status;
      }
    }
    return { alertId: message.alertId, deliveries: outcomes, byRecipient };
  }

  /** The wait before attempt n+1 after attempt n failed. */
  backoffMs(attempt: number): number {
    return Math.round(backoffCeilingMs(this.policy, attempt) * (0.5 + this.clock.random() / 2));
  }

  private async deliver(message: AlertMessage, planned: PlannedDelivery): Promise<DeliveryOutcome> {
    // Object literals throughout rather than spreads of a shared base: this runs for every recipient
    // of every alert, and the copies were a visible part of the sender's CPU.
    const target = maskedTargetKey(planned.target);
    const recipientIds = planned.recipientIds.slice();
    const channel = this.channels[planned.channel] as AlertChannel | undefined;
    if (!channel)
      return {
        channel: planned.channel,
        target,
        recipientIds,
        status: 'skipped',
        attempts: [],
        error: `channel ${planned.channel} is not configured`,
      };

    const attempts: AttemptRecord[] = [];
    const slots = this.slotsOf(planned.channel);
    for (let n = 1; ; n++) {
      if (!slots.take()) await slots.wait();
      const startedAt = this.clock.now();
      const t0 = performance.now();
      const { result, timedOut } = await this.attempt(channel, message, planned.target); // never rejects
      slots.release();
      const durationMs = Math.round(performance.now() - t0);
      if (result.ok) {
        attempts.push({ attempt: n, startedAt, durationMs, ok: true, timedOut });
        const outcome: DeliveryOutcome = {
          channel: planned.channel,
          target,
          recipientIds,
          status: 'delivered',
          attempts,
        };
        if (result.providerMessageId !== undefined) outcome.providerMessageId = result.providerMessageId;
        return outcome;
      }
      attempts.push({ attempt: n, startedAt, durationMs, ok: false, timedOut, error: result.error });
      if (!result.retryable || n >= this.policy.maxAttempts) {
        const outcome: DeliveryOutcome = {
          channel: planned.channel,
          target,
          recipientIds,
          status: timedOut ? 'timed_out' : 'failed',
          attempts,
          error: result.error,
        };
        if (result.gone) outcome.gone = true;
        return outcome;
      }
      await this.clock.sleep(this.backoffMs(n));
    }
  }

  private slotsOf(channel: ChannelKind): Slots {
    let slots = this.slots.get(channel);
    if (!slots) this.slots.set(channel, (slots = new Slots(ATTEMPTS_IN_FLIGHT_PER_CHANNEL)));
    return slots;
  }

  /** One attempt, bounded even if the channel ignores its abort signal. */
  private attempt(
    channel: AlertChannel,
    message: AlertMessage,
    target: ChannelTarget,
  ): Promise<{ result: DeliveryResult; timedOut: boolean }> {
    return new Promise((resolve) => {
      const signal = new AttemptSignal();
      const timer = setTimeout(() => {
        const error = `no answer within ${this.policy.attemptTimeoutMs} ms`;
        signal.abort(new Error(error));
        resolve({ result: { ok: false, retryable: true, error }, timedOut: true });
      }, this.policy.attemptTimeoutMs);
      let sent: Promise<DeliveryResult>;
      try {
        sent = channel.send(message, target, { signal });
      } catch (error) {
        sent = Promise.resolve(networkFailure(error));
      }
      void sent
        .catch((error: unknown) => networkFailure(error))
        .then((result) => {
          clearTimeout(timer);
          resolve({ result, timedOut: false }); // after a timeout, a no-op
        });
    });
  }
}
