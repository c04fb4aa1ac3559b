import { alertsFactory } from '../../../test/support/alerts-factory';
import type { Alert } from '../domain/alert';
import { applySignal, decide, signalTier, type AlertSignal } from './alert-policy';
import { loadDefaultCalendar } from './working-day-calendar';

const ctx = { calendar: loadDefaultCalendar(), newId: () => 'new-alert' };
const { signal } = alertsFactory;

/** Feeds signals one after another, as consecutive periods would. */
function run(start: Alert | null, signals: AlertSignal[]) {
  let alert = start;
  return signals.map((s) => {
    const outcome = applySignal(alert, s, ctx);
    alert = outcome.alert;
    return outcome;
  });
}

const period = (n: number, overrides: Partial<AlertSignal> = {}) =>
  signal({ periodId: `2025-0${n}`, at: new Date(`2025-0${n}-05T02:00:00Z`), ...overrides });

describe('alert policy', () => {
  it('should open a new alert with the tier deadline and notify when none is open', () => {
    const { decision, alert, notify } = applySignal(
      null,
      signal({ tier: 'orange', at: new Date('2025-06-06T02:00:00Z') }),
      ctx,
    );
    expect(decision).toEqual({ kind: 'open', tier: 'orange' });
    expect(notify).toBe(true);
    expect(alert).toMatchObject({
      id: 'new-alert',
      status: 'open',
      tier: 'orange',
      causeKey: 'score_band',
      escalationLevel: 0,
    });
    expect(alert!.ackDeadline!.toISOString()).toBe('2025-06-07T02:00:00.000Z');
  });

  it('should do nothing for a clean signal without an open alert', () => {
    expect(applySignal(null, signal({ tier: null }), ctx)).toEqual({
      decision: { kind: 'none' },
      alert: null,
      notify: false,
    });
  });

  it('should update the open alert without re-notifying when the tier stays the same', () => {
    const current = alertsFactory.alert({ tier: 'yellow' });
    const { decision, alert, notify } = applySignal(current, signal({ tier: 'yellow', reasons: ['新原因'] }), ctx);
    expect(decision.kind).toBe('update');
    expect(notify).toBe(false);
    expect(alert).toMatchObject({
      id: current.id,
      reasons: ['新原因'],
      lastPeriodId: '2025-06',
      ackDeadline: current.ackDeadline,
    });
    expect(alert!.history).toHaveLength(current.history.length);
  });

  it('should re-notify and require a new acknowledgement when the tier worsens', () => {
    const acked = alertsFactory.alert({ tier: 'yellow', status: 'in_progress', ackDeadline: null });
    const at = new Date('2025-07-01T02:00:00Z');
    const { decision, alert, notify } = applySignal(acked, signal({ tier: 'red', at }), ctx);
    expect(decision).toEqual({ kind: 'worsen', from: 'yellow', to: 'red' });
    expect(notify).toBe(true);
    expect(alert!.status).toBe('open');
    expect(alert!.ackDeadline!.toISOString()).toBe('2025-07-01T03:00:00.000Z');
    expect(alert!.history.at(-1)).toMatchObject({ action: 'worsen', from: 'in_progress', to: 'open', tier: 'red' });
  });

  it('should not extend a pending deadline when an open alert worsens', () => {
    const open = alertsFactory.alert({ tier: 'blue', ackDeadline: new Date('2025-07-01T04:00:00Z') });
    const { alert } = applySignal(open, signal({ tier: 'yellow', at: new Date('2025-07-01T02:00:00Z') }), ctx);
    expect(alert!.ackDeadline!.toISOString()).toBe('2025-07-01T04:00:00.000Z');
  });

  it('should hold the tier after one lower period and lower it only after two consecutive ones', () => {
    const start = alertsFactory.alert({ tier: 'orange', lastSignalAt: new Date('2025-01-01T00:00:00Z') });
    const [first, second] = run(start, [period(2, { tier: 'blue' }), period(3, { tier: 'yellow' })]);
    expect(first.decision).toEqual({ kind: 'hold', calmPeriods: 1 });
    expect(first.alert!.tier).toBe('orange');
    expect(second.decision).toEqual({ kind: 'downgrade', from: 'orange', to: 'yellow' });
    expect(second.notify).toBe(false);
    expect(second.alert!.calmPeriods).toEqual([]);
  });

  it('should restart the count when a period in between is back at the tier', () => {
    const start = alertsFactory.alert({ tier: 'orange', lastSignalAt: new Date('2025-01-01T00:00:00Z') });
    const outcomes = run(start, [
      period(2, { tier: 'blue' }),
      period(3, { tier: 'orange' }),
      period(4, { tier: 'blue' }),
    ]);
    expect(outcomes.map((o) => o.decision.kind)).toEqual(['hold', 'update', 'hold']);
  });

  it('should not count a re-assessment of the same period twice', () => {
    const start = alertsFactory.alert({ tier: 'orange', lastSignalAt: new Date('2025-01-01T00:00:00Z') });
    const outcomes = run(start, [
      period(2, { tier: null }),
      period(2, { tier: null, at: new Date('2025-02-06T02:00:00Z') }),
    ]);
    expect(outcomes.map((o) => o.decision)).toEqual([
      { kind: 'hold', calmPeriods: 1 },
      { kind: 'hold', calmPeriods: 1 },
    ]);
  });

  it('should close the alert after two clean periods, recorded as a system step', () => {
    const start = alertsFactory.alert({
      tier: 'yellow',
      status: 'in_progress',
      ackDeadline: null,
      lastSignalAt: new Date('2025-01-01T00:00:00Z'),
    });
    const [, closed] = run(start, [period(2, { tier: null }), period(3, { tier: null })]);
    expect(closed.decision.kind).toBe('close');
    expect(closed.alert).toMatchObject({ status: 'resolved', ackDeadline: null });
    expect(closed.alert!.history.at(-1)).toMatchObject({ action: 'close', actor: { kind: 'system' }, to: 'resolved' });
  });

  it('should send veto items straight to orange, or red when the assessment says red', () => {
    expect(signalTier(signal({ tier: 'blue', veto: true }))).toBe('orange');
    expect(signalTier(signal({ tier: null, veto: true }))).toBe('orange');
    expect(signalTier(signal({ tier: 'red', veto: true }))).toBe('red');
    expect(decide(null, signal({ tier: 'yellow', veto: true, cause: { kind: 'rule', ruleId: 'P2P-07' } }))).toEqual({
      kind: 'open',
      tier: 'orange',
    });
  });

  it('should open evidence tampering as red whatever the signal says', () => {
    const { alert } = applySignal(null, signal({ tier: 'blue', cause: { kind: 'evidence_tampered' } }), ctx);
    expect(alert).toMatchObject({ tier: 'red', causeKey: 'evidence_tampered' });
  });

  it('should never close a veto alert by itself nor lower it below orange', () => {
    const start = alertsFactory.alert({
      tier: 'red',
      veto: true,
      cause: { kind: 'rule', ruleId: 'MC-10' },
      causeKey: 'rule:MC-10',
      lastSignalAt: new Date('2025-01-01T00:00:00Z'),
    });
    const outcomes = run(start, [
      period(2, { tier: null, cause: start.cause }),
      period(3, { tier: null, cause: start.cause }),
      period(4, { tier: null, cause: start.cause }),
      period(5, { tier: null, cause: start.cause }),
    ]);
    expect(outcomes.map((o) => o.decision.kind)).toEqual(['hold', 'downgrade', 'hold', 'hold']);
    expect(outcomes.at(-1)!.alert).toMatchObject({ tier: 'orange', status: 'open' });
  });

  it('should ignore a signal older than the latest one (a redelivered message)', () => {
    const current = alertsFactory.alert({ lastSignalAt: new Date('2025-07-01T00:00:00Z') });
    const outcome = applySignal(current, signal({ tier: 'red', at: new Date('2025-06-30T00:00:00Z') }), ctx);
    expect(outcome).toEqual({ decision: { kind: 'stale' }, alert: current, notify: false });
  });

  it('should open a fresh alert when the previous one for the cause was resolved', () => {
    expect(decide(alertsFactory.alert({ status: 'resolved' }), signal({ tier: 'blue' }))).toEqual({
      kind: 'open',
      tier: 'blue',
    });
  });

  it('should refuse a signal of another firm or cause', () => {
    expect(() => applySignal(alertsFactory.alert(), signal({ cause: { kind: 'rule', ruleId: 'EW-01' } }), ctx)).toThrow(
      /applied to alert/,
    );
  });
});
