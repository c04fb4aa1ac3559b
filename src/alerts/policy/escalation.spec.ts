import { alertsFactory, HANGZHOU, XIHU, ZHEJIANG } from '../../../test/support/alerts-factory';
import { loadDefaultRoutingConfig } from '../routing/routing-config';
import { dueEscalations } from './escalation';
import { loadDefaultCalendar } from './working-day-calendar';

const ctx = {
  calendar: loadDefaultCalendar(),
  chain: loadDefaultRoutingConfig().escalation,
  directory: alertsFactory.directory(),
};
const deadline = new Date('2025-06-11T16:00:00Z');

describe('dueEscalations', () => {
  it('should leave alerts alone before and at their deadline, and acknowledged ones always', () => {
    const alerts = [
      alertsFactory.alert({ id: 'a', ackDeadline: deadline }),
      alertsFactory.alert({ id: 'b', status: 'acknowledged', ackDeadline: null }),
      alertsFactory.alert({ id: 'c', status: 'in_progress', ackDeadline: null }),
    ];
    expect(dueEscalations(alerts, deadline, ctx)).toEqual([]);
  });

  it('should escalate one tier up to the next official and name the case officers who let it lapse', () => {
    const now = new Date(deadline.getTime() + 90 * 60_000);
    const [due] = dueEscalations([alertsFactory.alert({ tier: 'yellow', ackDeadline: deadline })], now, ctx);
    expect(due.fromTier).toBe('yellow');
    expect(due.toTier).toBe('orange');
    expect(due.accountability).toEqual({
      alertId: 'alert-1',
      firmId: 'firm-1',
      firmName: '杭州某某网络借贷信息中介服务有限公司',
      tier: 'yellow',
      deadline,
      detectedAt: now,
      lateByMs: 90 * 60_000,
      escalationLevel: 0,
      responsibleRole: 'county_officer',
      responsibleRegionCode: XIHU,
      // Both active officers of 西湖区; not the one who left, not 拱墅区's.
      responsible: [
        { staffId: 'co-xihu', name: '王敏' },
        { staffId: 'co-xihu-2', name: '李强' },
      ],
      escalatedTo: { tier: 'orange', escalationLevel: 1, role: 'section_head', regionCode: HANGZHOU },
    });
    // A fresh orange deadline counted from detection, not from the lapsed deadline.
    expect(due.alert).toMatchObject({
      tier: 'orange',
      escalationLevel: 1,
      status: 'open',
      ackDeadline: new Date(now.getTime() + 24 * 3600_000),
    });
    expect(due.alert.history.at(-1)).toMatchObject({
      action: 'escalate',
      actor: { kind: 'system' },
      reason: expect.stringContaining('王敏、李强'),
    });
  });

  it('should keep red at red but move up the chain, and stay at the top once there', () => {
    const now = new Date(deadline.getTime() + 1);
    const [atBureauHead] = dueEscalations(
      [alertsFactory.alert({ tier: 'red', escalationLevel: 3, ackDeadline: deadline })],
      now,
      ctx,
    );
    expect(atBureauHead.toTier).toBe('red');
    expect(atBureauHead.accountability).toMatchObject({
      responsibleRole: 'bureau_head',
      responsible: [{ staffId: 'bh', name: '张局长' }],
    });
    expect(atBureauHead.accountability.escalatedTo).toEqual({
      tier: 'red',
      escalationLevel: 4,
      role: 'province',
      regionCode: ZHEJIANG,
    });
    expect(atBureauHead.alert.ackDeadline).toEqual(new Date(now.getTime() + 3600_000));

    const [atTop] = dueEscalations([atBureauHead.alert], new Date(now.getTime() + 2 * 3600_000), ctx);
    expect(atTop.accountability).toMatchObject({ responsibleRole: 'province', responsible: [{ staffId: 'prov' }] });
    expect(atTop.alert.escalationLevel).toBe(4);
  });

  it('should record a vacant post by its role when nobody holds it', () => {
    const [due] = dueEscalations([alertsFactory.alert({ ackDeadline: deadline })], new Date(deadline.getTime() + 1), {
      ...ctx,
      directory: [],
    });
    expect(due.accountability.responsible).toEqual([]);
    expect(due.alert.history.at(-1)!.reason).toMatch(/属地监管员（空缺）/);
  });
});
