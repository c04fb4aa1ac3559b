import { ManualClock } from '../../src/platform/clock';
import { ContingencyTasksService } from '../../src/alerts/contingency-tasks.service';
import { createTestDatabase } from '../support/database';
import {
  alertsEnv,
  assessmentSignal,
  call,
  seedAlertsWorld,
  staffToken,
  startAlertsTestApp,
  type AlertsTestApp,
  type AlertsWorld,
} from '../support/alerts-app';
import { startWeComReceiver } from '../support/alerts-receivers';

describe(ContingencyTasksService.name, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: AlertsTestApp;
  let world: AlertsWorld;
  let wecom: Awaited<ReturnType<typeof startWeComReceiver>>;
  let alertId: string;
  const tokens: Record<string, string> = {};
  // Monday 2026-03-02 10:00 Beijing.
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
  const complete = (
    who: keyof AlertsWorld['staff'],
    taskId: string,
    body: unknown = { note: '已进驻现场，核实资金缺口约1200万元' },
  ) => call(`${app.url}/v1/alerts/${alertId}/contingency-tasks/${taskId}/complete`, tokens[who], 'POST', body);
  const task = async (taskId: string) => {
    const detail = await call(`${app.url}/v1/alerts/${alertId}`, tokens.section);
    return (detail.body.contingencyPlan.tasks as Array<Record<string, any>>).find((t) => t.taskId === taskId)!;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    wecom = await startWeComReceiver();
    app = await startAlertsTestApp(db.url, alertsEnv(), clock);
    world = await seedAlertsWorld(app, { wecomUrl: wecom.url });
    for (const who of Object.keys(world.staff) as Array<keyof AlertsWorld['staff']>)
      tokens[who] = await staffToken(app.url, world.staff[who].username);
    // A payout delay in 西湖区: red, opens the 兑付风险 plan (on-site by the county officer, written report by the section head, ...).
    const { alert } = await app.alerts.onSignal(
      assessmentSignal({
        firmId: world.firms.xihu,
        cause: { kind: 'rule', ruleId: 'EW-09' },
        tier: 'red',
        reasons: [{ ruleId: 'EW-09', text: '出借人提现延迟超过3天', value: 5, threshold: 3 }],
        assessedAt: clock.now(),
      }),
    );
    alertId = alert!.id;
    await app.notifier.drain();
  });

  afterAll(async () => {
    await app?.close();
    await wecom?.close();
    await db?.drop();
  });

  it('should let the owner complete a task, store who, when and the note, and show it in the alert', async () => {
    expect((await task('on-site')).status).toBe('pending');
    const answer = await complete('xihu', 'on-site');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      taskId: 'on-site',
      status: 'done',
      note: '已进驻现场，核实资金缺口约1200万元',
      completedBy: { kind: 'staff', staffId: world.staff.xihu.id },
    });

    const shown = await task('on-site');
    expect(shown).toMatchObject({
      status: 'done',
      completedBy: { staffId: world.staff.xihu.id, name: '王敏' },
      completionNote: '已进驻现场，核实资金缺口约1200万元',
    });
    expect(new Date(shown.completedAt).getTime()).toBe(clock.now().getTime());
    expect((await task('written-report')).status).toBe('pending');
  });

  it('should write the completion as an alert_action evidence leaf', async () => {
    const { completionEventId } = await task('on-site');
    const leaves = await app.dataSource.query(`SELECT record_kind FROM evidence_leaves WHERE record_id = $1`, [
      completionEventId,
    ]);
    expect(leaves).toEqual([{ record_kind: 'alert_action' }]);
    const [event] = await app.dataSource.query(
      `SELECT kind, action, actor_staff_id, reason FROM alert_events WHERE id = $1`,
      [completionEventId],
    );
    expect(event).toEqual({
      kind: 'action',
      action: 'complete_task',
      actor_staff_id: world.staff.xihu.id,
      reason: '已进驻现场，核实资金缺口约1200万元',
    });
  });

  it('should report every problem of one body with its field pointer', async () => {
    const answer = await complete('xihu', 'written-report', { note: '核'.repeat(2001), attachment: 'scan.pdf' });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      { pointer: '/attachment', detail: 'is not a known field' },
      { pointer: '/note', detail: 'is required: what was done, 1 to 2000 characters' },
    ]);
    expect((await task('written-report')).status).toBe('pending');
  });

  it('should answer 409 when the task is completed twice, and keep the first completion', async () => {
    const again = await complete('xihu', 'on-site', { note: '再次提交' });
    expect(again.status).toBe(409);
    expect((await task('on-site')).completionNote).toBe('已进驻现场，核实资金缺口约1200万元');
    const [{ n }] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM alert_events WHERE alert_id = $1 AND action = 'complete_task'`,
      [alertId],
    );
    expect(n).toBe(1);
  });

  it('should answer 404 to an official of another county and 403 to a junior or an auditor', async () => {
    expect((await complete('gongshu', 'fund-flow-check')).status).toBe(404);
    // The section head may not sign off the bureau head's phone report; the county officer not the section head's report.
    expect((await complete('section', 'phone-report')).status).toBe(403);
    expect((await complete('xihu', 'written-report')).status).toBe(403);
    expect((await complete('auditor', 'written-report')).status).toBe(403);
    expect((await task('written-report')).status).toBe('pending');
  });

  it("should let a more senior official of the firm's city complete a task", async () => {
    const answer = await complete('deputy', 'written-report', { note: '书面报告已报市政府' });
    expect(answer.status).toBe(200);
    expect(await task('written-report')).toMatchObject({
      status: 'done',
      completedBy: { staffId: world.staff.deputy.id },
    });
  });

  it('should answer 422 without a note and 404 for a task the plan does not have', async () => {
    expect((await complete('head', 'phone-report', {})).status).toBe(422);
    expect((await complete('head', 'phone-report', { note: 'x'.repeat(2001) })).status).toBe(422);
    expect((await complete('head', 'no-such-task')).status).toBe(404);
    expect((await task('phone-report')).status).toBe('pending');
  });
});
