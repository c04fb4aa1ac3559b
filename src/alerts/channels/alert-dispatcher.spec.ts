import { alertsFactory } from '../../../test/support/alerts-factory';
import type { AlertChannel, ChannelKind, ChannelTarget, DeliveryResult } from './alert-channel';
import { AlertDispatcher, longestDeliveryMs, type RetryPolicy } from './alert-dispatcher';
import { buildAlertMessage } from './alert-message';
import type { AttemptSignal } from './attempt-signal';
import type { PlannedDelivery } from '../routing/route-alert';

const message = buildAlertMessage(alertsFactory.alert(), 'opened', 'https://m.example');
const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 250, attemptTimeoutMs: 50 };

/** A channel answering from a script, one entry per attempt (the last one repeats). */
function scripted<K extends ChannelKind>(
  kind: K,
  script: Array<DeliveryResult | 'hang' | 'throw'>,
): AlertChannel<K> & { calls: number } {
  return {
    kind,
    calls: 0,
    send(): Promise<DeliveryResult> {
      const step = script[Math.min(this.calls++, script.length - 1)];
      if (step === 'hang') return new Promise(() => undefined);
      if (step === 'throw') return Promise.reject(new Error('boom'));
      return Promise.resolve(step);
    },
  };
}

const delivery = (channel: ChannelKind, target: ChannelTarget, recipientIds: string[]): PlannedDelivery => ({
  channel,
  target,
  targetKey: channel,
  recipientIds,
});
const ok: DeliveryResult = { ok: true };
const busy: DeliveryResult = { ok: false, retryable: true, error: 'HTTP 500' };

describe(AlertDispatcher.name, () => {
  const sleeps: number[] = [];
  const clock = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 1 };
  beforeEach(() => (sleeps.length = 0));

  it('should retry with exponential backoff until delivered', async () => {
    const wecom = scripted('wecom', [busy, busy, ok]);
    const report = await new AlertDispatcher({ wecom }, policy, clock).dispatch(message, [
      delivery('wecom', { kind: 'wecom', webhook: 'https://x/?key=secret' }, ['a']),
    ]);
    expect(report.deliveries[0]).toMatchObject({ status: 'delivered', target: 'wecom:https://x/?****' });
    expect(report.deliveries[0].attempts.map((a) => a.ok)).toEqual([false, false, true]);
    expect(sleeps).toEqual([100, 200]);
  });

  it('should cap the backoff and apply jitter', () => {
    const dispatcher = new AlertDispatcher({}, { ...policy, maxDelayMs: 250 }, { random: () => 0 });
    expect([1, 2, 3, 4].map((n) => dispatcher.backoffMs(n))).toEqual([50, 100, 125, 125]);
  });

  it('should give up after the last attempt and not retry a permanent rejection', async () => {
    const sms = scripted('sms', [busy]);
    const dingtalk = scripted('dingtalk', [{ ok: false, retryable: false, error: 'errcode 310000: sign not match' }]);
    const report = await new AlertDispatcher({ sms, dingtalk }, policy, clock).dispatch(message, [
      delivery('sms', { kind: 'sms', phone: '13800000001' }, ['a']),
      delivery('dingtalk', { kind: 'dingtalk', webhook: 'https://d/?access_token=t', secret: 's' }, ['a']),
    ]);
    expect(report.deliveries.map((d) => [d.channel, d.status, d.attempts.length])).toEqual([
      ['sms', 'failed', 3],
      ['dingtalk', 'failed', 1],
    ]);
    expect(report.deliveries[0].target).toBe('sms:*******0001');
  });

  it('should time out a hanging channel without holding up the others', async () => {
    const webpush = scripted('webpush', ['hang']);
    const log = scripted('log', [ok]);
    const started = Date.now();
    const report = await new AlertDispatcher({ webpush, log }, policy, clock).dispatch(message, [
      delivery(
        'webpush',
        { kind: 'webpush', subscription: { endpoint: 'https://push.example/abc', keys: { p256dh: 'p', auth: 'a' } } },
        ['a'],
      ),
      delivery('log', { kind: 'log', recipientId: 'a' }, ['a']),
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(report.deliveries[0]).toMatchObject({ status: 'timed_out', error: 'no answer within 50 ms' });
    expect(report.deliveries[0].attempts.every((a) => a.timedOut)).toBe(true);
    expect(report.byRecipient).toEqual({ a: { webpush: 'timed_out', log: 'delivered' } });
  });

  it('should treat a throwing channel as a retryable failure', async () => {
    const wecom = scripted('wecom', ['throw', ok]);
    const report = await new AlertDispatcher({ wecom }, policy, clock).dispatch(message, [
      delivery('wecom', { kind: 'wecom', webhook: 'https://x/' }, ['a']),
    ]);
    expect(report.deliveries[0].status).toBe('delivered');
    expect(report.deliveries[0].attempts[0].error).toBe('Error: boom');
  });

  it('should abort the signal of an attempt that timed out, so the channel can drop its request', async () => {
    const signals: AttemptSignal[] = [];
    const wecom: AlertChannel<'wecom'> = {
      kind: 'wecom',
      send: (_m, _t, { signal }) => {
        signals.push(signal);
        return new Promise(() => undefined);
      },
    };
    await new AlertDispatcher({ wecom }, policy, clock).dispatch(message, [
      delivery('wecom', { kind: 'wecom', webhook: 'https://x/' }, ['a']),
    ]);
    expect(signals).toHaveLength(3);
    expect(signals.map((s) => s.reason?.message)).toEqual(Array(3).fill('no answer within 50 ms'));
  });

  it('should treat a channel that throws instead of rejecting as a retryable failure', async () => {
    let calls = 0;
    const wecom: AlertChannel<'wecom'> = {
      kind: 'wecom',
      send: () => {
        if (calls++ === 0) throw new Error('thrown at once');
        return Promise.resolve(ok);
      },
    };
    const report = await new AlertDispatcher({ wecom }, policy, clock).dispatch(message, [
      delivery('wecom', { kind: 'wecom', webhook: 'https://x/' }, ['a']),
    ]);
    expect(report.deliveries[0].status).toBe('delivered');
    expect(report.deliveries[0].attempts[0]).toMatchObject({ ok: false, error: 'Error: thrown at once' });
  });

  it('should skip channels this deployment has not configured and report per recipient', async () => {
    const webpush = scripted('webpush', [ok, { ok: false, retryable: false, error: 'HTTP 410', gone: true }]);
    const report = await new AlertDispatcher({ webpush }, policy, clock).dispatch(message, [
      delivery('sms', { kind: 'sms', phone: '13800000001' }, ['a', 'b']),
      delivery(
        'webpush',
        { kind: 'webpush', subscription: { endpoint: 'https://push.example/1', keys: { p256dh: 'p', auth: 'a' } } },
        ['a'],
      ),
      delivery(
        'webpush',
        { kind: 'webpush', subscription: { endpoint: 'https://push.example/2', keys: { p256dh: 'p', auth: 'a' } } },
        ['a'],
      ),
    ]);
    expect(report.deliveries[0]).toMatchObject({ status: 'skipped', attempts: [] });
    expect(report.deliveries[2]).toMatchObject({ status: 'failed', gone: true });
    // One of a's two devices got it: delivered wins.
    expect(report.byRecipient).toEqual({ a: { sms: 'skipped', webpush: 'delivered' }, b: { sms: 'skipped' } });
  });
});

describe(longestDeliveryMs.name, () => {
  it('should add every attempt timing out and every backoff at its capped ceiling', () => {
    // 3 attempts of 50 ms; backoffs 100 and min(250, 200) = 200.
    expect(longestDeliveryMs(policy)).toBe(3 * 50 + 100 + 200);
    // The defaults: 4 × 10 s, then 1 + 2 + 4 s.
    expect(longestDeliveryMs({ maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, attemptTimeoutMs: 10_000 })).toBe(
      47_000,
    );
    expect(longestDeliveryMs({ maxAttempts: 1, baseDelayMs: 1000, maxDelayMs: 30_000, attemptTimeoutMs: 500 })).toBe(
      500,
    );
  });
});
