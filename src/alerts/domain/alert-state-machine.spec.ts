import { alertsFactory } from '../../../test/support/alerts-factory';
import { AlertActionForbidden, AlertStepInvalid, IllegalAlertTransition } from '../alerts.errors';
import { DomainError } from '../../platform/errors/domain-error';
import { allowedActions, transition } from './alert-state-machine';
import { tierAbove, maxTier, TIER_INFO } from '../../scoring/grading/alert-tier';

const at = (iso: string) => new Date(iso);

describe('alert state machine', () => {
  const officer = alertsFactory.officer();

  it('should walk open -> acknowledged -> in_progress -> resolved recording who, when and why', () => {
    let alert = alertsFactory.alert();
    alert = transition(alert, 'acknowledge', officer, at('2025-06-06T03:00:00Z'));
    expect(alert.status).toBe('acknowledged');
    expect(alert.ackDeadline).toBeNull();
    alert = transition(alert, 'start', officer, at('2025-06-06T04:00:00Z'), '已约谈实际控制人');
    alert = transition(alert, 'resolve', officer, at('2025-06-09T04:00:00Z'), '已整改，逾期率回落');
    expect(alert.status).toBe('resolved');
    expect(alert.history.slice(1).map((s) => [s.action, s.from, s.to, s.reason])).toEqual([
      ['acknowledge', 'open', 'acknowledged', null],
      ['start', 'acknowledged', 'in_progress', '已约谈实际控制人'],
      ['resolve', 'in_progress', 'resolved', '已整改，逾期率回落'],
    ]);
    expect(alert.history[3].actor).toEqual(officer);
  });

  it('should reject resolving an open alert with a domain error naming the status', () => {
    const alert = alertsFactory.alert();
    expect(() => transition(alert, 'resolve', officer, at('2025-06-06T03:00:00Z'), '无')).toThrow(
      IllegalAlertTransition,
    );
    try {
      transition(alert, 'resolve', officer, at('2025-06-06T03:00:00Z'), '无');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('conflict');
      expect((error as Error).message).toMatch(/is open/);
    }
  });

  it('should reject any step on a terminal alert', () => {
    for (const status of ['resolved', 'false_positive'] as const) {
      expect(allowedActions(status)).toEqual([]);
      expect(() =>
        transition(alertsFactory.alert({ status }), 'acknowledge', officer, at('2025-06-07T00:00:00Z')),
      ).toThrow(IllegalAlertTransition);
    }
  });

  it('should allow false positive only after acknowledgement and only with a reason', () => {
    expect(() =>
      transition(alertsFactory.alert(), 'mark_false_positive', officer, at('2025-06-06T03:00:00Z'), '数据报错'),
    ).toThrow(IllegalAlertTransition);
    const acked = transition(alertsFactory.alert(), 'acknowledge', officer, at('2025-06-06T03:00:00Z'));
    expect(() => transition(acked, 'mark_false_positive', officer, at('2025-06-06T04:00:00Z'), '  ')).toThrow(
      AlertStepInvalid,
    );
    expect(
      transition(acked, 'mark_false_positive', officer, at('2025-06-06T04:00:00Z'), '机构报送口径错误，已更正').status,
    ).toBe('false_positive');
  });

  it('should forbid auditors and the system from handling steps', () => {
    const auditor = alertsFactory.officer({ role: 'auditor', staffId: 'aud' });
    expect(() => transition(alertsFactory.alert(), 'acknowledge', auditor, at('2025-06-06T03:00:00Z'))).toThrow(
      AlertActionForbidden,
    );
    expect(() =>
      transition(alertsFactory.alert(), 'acknowledge', { kind: 'system', component: 'x' }, at('2025-06-06T03:00:00Z')),
    ).toThrow(AlertActionForbidden);
  });

  it('should reject a step dated before the last recorded step', () => {
    expect(() => transition(alertsFactory.alert(), 'acknowledge', officer, at('2025-06-06T01:00:00Z'))).toThrow(
      /before the alert's last step/,
    );
  });
});

describe('alert tiers', () => {
  it('should rank tiers, cap escalation at red and carry the Chinese names and levels', () => {
    expect(tierAbove('blue')).toBe('yellow');
    expect(tierAbove('red')).toBe('red');
    expect(maxTier('orange', 'yellow')).toBe('orange');
    expect(maxTier(null, 'blue')).toBe('blue');
    expect(TIER_INFO.red).toEqual({ name: '红色预警', level: 'I', severity: '特别重大' });
    expect(TIER_INFO.blue.level).toBe('IV');
  });
});
