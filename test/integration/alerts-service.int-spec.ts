import { AlertsService } from '../../src/alerts/alerts.service';
import type { TamperFinding } from '../../src/evidence-chain/tamper/tamper-check.service';
import { ManualClock } from '../../src/platform/clock';
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
import { startFailingReceiver, startSmsReceiver, startWeComReceiver, type Receiver } from '../support/alerts-receivers';
import { waitFor } from '../support/wait-for';

const SMS = { apiKey: 'sms-key-123', header: 'X-Api-Key', templateId: 'SMS_ALERT_001' };
const HOUR = 3600_000;

describe(AlertsService.name, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: AlertsTestApp;
  let world: AlertsWorld;
  let wecom: Awaited<ReturnType<typeof startWeComReceiver>>;
  let sms: Awaited<ReturnType<typeof startSmsReceiver>>;
  let failing: Receiver;
  // Monday 2026-03-02 10:00 Beijing.
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
  const env = () =>
    alertsEnv({
      ALERTS_SMS_URL: `${sms.url}/v1/sms/send`,
      ALERTS_SMS_API_KEY: SMS.apiKey,
      ALERTS_SMS_TEMPLATE_ID: SMS.templateId,
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    wecom = await startWeComReceiver();
    sms = await startSmsReceiver(SMS);
    failing = await startFailingReceiver();
    app = await startAlertsTestApp(db.url, env(), clock);
    world = await seedAlertsWorld(app, { wecomUrl: wecom.url });
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([wecom, sms, failing].map((r) => r?.close()));
    await db?.drop();
  });

  const deliveries = (alertId: string) =>
    app.dataSource.query(
      `SELECT recipient_id, channel, status, attempts, last_error, masked_target FROM alert_deliveries WHERE alert_id = $1 ORDER BY recipient_id, channel`,
      [alertId],
    ) as Promise<
      Array<{
        recipient_id: string;
        channel: string;
        status: string;
        attempts: number;
        last_error: string | null;
        masked_target: string;
      }>
    >;

  it('should notify only the county officer of the firm when a blue alert opens', async () => {
    const before = wecom.accepted.length;
    const result = await app.alerts.onSignal(
      assessmentSignal({ firmId: world.firms.xihu, tier: 'blue', assessedAt: clock.now() }),
    );
    expect(result).toMatchObject({
      decision: 'open',
      notified: true,
      alert: { tier: 'blue', status: 'open', firmRegionCode: '330106' },
    });
    await app.notifier.drain();

    const rows = await deliveries(result.alert!.id);
    expect(new Set(rows.map((r) => r.recipient_id))).toEqual(new Set([world.staff.xihu.id]));
    expect(rows.map((r) => `${r.channel}:${r.status}`).sort()).toEqual(['log:delivered', 'wecom:delivered']);
    expect(rows.find((r) => r.channel === 'wecom')!.masked_target).toMatch(/\/cgi-bin\/webhook\/send\?\*\*\*\*$/);
    expect(wecom.accepted.slice(before).map((m) => m.key)).toEqual([world.staff.xihu.username]);
    // The alert, its open event, the notification decision and the deliveries are evidence leaves.
    const leaves = await app.dataSource.query(
      `SELECT record_kind, count(*)::int AS n FROM evidence_leaves WHERE record_id IN (SELECT id::text FROM alert_events WHERE alert_id = $1 UNION ALL SELECT id::text FROM alert_deliveries WHERE alert_id = $1) GROUP BY record_kind ORDER BY 1`,
      [result.alert!.id],
    );
    expect(leaves).toEqual([
      { record_kind: 'alert', n: 2 },
      { record_kind: 'alert_delivery', n: 2 },
    ]);
  });

  it('should change nothing when the same assessment is delivered twice', async () => {
    const signal = assessmentSignal({
      firmId: world.firms.xihu,
      cause: { kind: 'rule', ruleId: 'P2P-05' },
      tier: 'blue',
      assessedAt: clock.now(),
    });
    const first = await app.alerts.onSignal(signal);
    const again = await app.alerts.onSignal(signal);
    expect(again.decision).toBe('duplicate');
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM alert_events WHERE alert_id = $1`, [
      first.alert!.id,
    ]);
    expect(n).toBe(2); // open + notification
  });

  it('should reach everyone up to the bureau head and open the contingency plan when a red alert opens', async () => {
    const result = await app.alerts.onSignal(
      assessmentSignal({
        firmId: world.firms.xihu,
        cause: { kind: 'rule', ruleId: 'EW-09' },
        tier: 'red',
        reasons: [{ ruleId: 'EW-09', text: '出借人提现延迟超过3天', value: 5, threshold: 3 }],
        assessedAt: clock.now(),
      }),
    );
    await app.notifier.drain();
    const rows = await deliveries(result.alert!.id);
    const reached = new Set(rows.map((r) => r.recipient_id));
    for (const id of [
      world.staff.xihu.id,
      world.staff.section.id,
      world.staff.deputy.id,
      world.staff.head.id,
      world.staff.province.id,
      world.offices.xihuOffice,
      world.offices.xihuGovernment,
      world.offices.cityGovernment,
      world.offices.police,
    ]) {
      expect(reached).toContain(id);
    }
    expect(reached).not.toContain(world.staff.gongshu.id);
    expect(reached).not.toContain(world.staff.auditor.id);
    expect(rows.filter((r) => r.channel === 'sms').every((r) => r.status === 'delivered')).toBe(true);
    expect(sms.accepted.some((m) => m.phone === '13800000005' && m.params.tier === '红色预警')).toBe(true);

    const tasks = await app.dataSource.query(
      `SELECT p.template_id, t.task_id, t.owner_role, t.owner_staff_ids, t.due_at FROM contingency_plans p JOIN contingency_tasks t ON t.plan_id = p.id WHERE p.alert_id = $1 ORDER BY t.task_id`,
      [result.alert!.id],
    );
    expect(tasks[0].template_id).toBe('payout-run');
    const phone = tasks.find((t: { task_id: string }) => t.task_id === 'phone-report');
    expect(phone).toMatchObject({ owner_role: 'bureau_head', owner_staff_ids: [world.staff.head.id] });
    expect(new Date(phone.due_at).getTime()).toBe(clock.now().getTime() + HOUR);
  });

  it('should retry a failing channel, record its failure and still deliver on the others', async () => {
    const broken = await startAlertsTestApp(
      db.url,
      alertsEnv({
        ALERTS_SMS_URL: `${failing.url}/v1/sms/send`,
        ALERTS_SMS_API_KEY: SMS.apiKey,
        ALERTS_SMS_TEMPLATE_ID: SMS.templateId,
      }),
      clock,
      'api',
    );
    try {
      const result = await broken.alerts.onSignal(
        assessmentSignal({ firmId: world.firms.gongshu, tier: 'orange', assessedAt: clock.now() }),
      );
      await broken.notifier.drain();
      const rows = await deliveries(result.alert!.id);
      const smsRows = rows.filter((r) => r.channel === 'sms');
      expect(smsRows.length).toBeGreaterThan(0);
      for (const r of smsRows)
        expect(r).toMatchObject({ status: 'failed', attempts: 3, last_error: expect.stringContaining('HTTP 500') });
      const wecomRows = rows.filter((r) => r.channel === 'wecom');
      expect(wecomRows.length).toBeGreaterThan(0);
      for (const r of wecomRows) expect(r).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(failing.requests.length).toBeGreaterThanOrEqual(3);
    } finally {
      await broken.close();
    }
  });

  it('should answer 404 to an official of another county, for reading and acting alike', async () => {
    const { alert } = await app.alerts.onSignal(
      assessmentSignal({
        firmId: world.firms.xihu,
        cause: { kind: 'rule', ruleId: 'P2P-09' },
        tier: 'yellow',
        assessedAt: clock.now(),
      }),
    );
    const gongshu = await staffToken(app.url, world.staff.gongshu.username);
    const xihu = await staffToken(app.url, world.staff.xihu.username);
    const auditor = await staffToken(app.url, world.staff.auditor.username);

    expect((await call(`${app.url}/v1/alerts/${alert!.id}`, gongshu)).status).toBe(404);
    expect(
      (await call(`${app.url}/v1/alerts/${alert!.id}/actions`, gongshu, 'POST', { action: 'acknowledge' })).status,
    ).toBe(404);
    const list = await call(`${app.url}/v1/alerts?limit=100`, gongshu);
    expect(list.body.items.map((a: { id: string }) => a.id)).not.toContain(alert!.id);

    expect(
      (await call(`${app.url}/v1/alerts/${alert!.id}/actions`, auditor, 'POST', { action: 'acknowledge' })).status,
    ).toBe(403);
    const ack = await call(`${app.url}/v1/alerts/${alert!.id}/actions`, xihu, 'POST', {
      action: 'acknowledge',
      reason: '已电话联系企业',
    });
    expect(ack).toMatchObject({ status: 200, body: { status: 'acknowledged', ackDeadline: null } });
    expect(
      (await call(`${app.url}/v1/alerts/${alert!.id}/actions`, xihu, 'POST', { action: 'resolve', reason: '已核查' }))
        .status,
    ).toBe(409);
    expect((await call(`${app.url}/v1/alerts/${alert!.id}/actions`, xihu, 'POST', { action: 'resolve' })).status).toBe(
      409,
    );
    expect((await call(`${app.url}/v1/alerts/${alert!.id}/actions`, xihu, 'POST', { action: 'dismiss' })).status).toBe(
      422,
    );

    const detail = await call(`${app.url}/v1/alerts/${alert!.id}`, xihu);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      firm: { id: world.firms.xihu, name: '西湖示范网络借贷信息中介有限公司' },
      status: 'acknowledged',
      allowedActions: ['start', 'mark_false_positive', 'note'],
    });
    // Opening the alert is in the access log against the firm; the refused look of 西湖's neighbour is not a view.
    const views = await app.dataSource.query(
      `SELECT staff_id, firm_id, outcome, reason FROM staff_access_log WHERE reason = 'alert_view' AND path = $1`,
      [`/v1/alerts/${alert!.id}`],
    );
    expect(views).toEqual([
      { staff_id: world.staff.xihu.id, firm_id: world.firms.xihu, outcome: 'allowed', reason: 'alert_view' },
    ]);
    const ackStep = detail.body.history.find((h: { action: string }) => h.action === 'acknowledge');
    expect(ackStep).toMatchObject({
      kind: 'action',
      actor: { kind: 'staff', staffId: world.staff.xihu.id, name: '王敏' },
      reason: '已电话联系企业',
      evidence: { kind: 'alert_action', status: 'queued' },
    });
  });

  it('should filter by tier and page with a cursor', async () => {
    const head = await staffToken(app.url, world.staff.head.username);
    const first = await call(`${app.url}/v1/alerts?limit=2`, head);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await call(`${app.url}/v1/alerts?limit=2&cursor=${first.body.nextCursor}`, head);
    expect(second.body.items.map((a: { id: string }) => a.id)).not.toContain(first.body.items[0].id);
    const red = await call(`${app.url}/v1/alerts?tier=red`, head);
    expect(red.body.items.length).toBeGreaterThan(0);
    expect(red.body.items.every((a: { tier: string }) => a.tier === 'red')).toBe(true);
    expect((await call(`${app.url}/v1/alerts?tier=purple`, head)).status).toBe(422);
  });

  it('should raise a red evidence_tampered alert for the firm, or bureau-wide without one, when tampering is found', async () => {
    const finding: Omit<TamperFinding, 'firmId'> = {
      scope: 'record',
      leafId: '42',
      recordKind: 'p2p_report',
      recordId: '00000000-0000-4000-8000-000000000042',
      expectedHash: 'aa'.repeat(32),
      actualHash: 'bb'.repeat(32),
    };
    app.tamper.events.emit('tampered', { ...finding, firmId: world.firms.gongshu });
    app.tamper.events.emit('tampered', { ...finding, leafId: '43', firmId: null });
    const rows = await waitFor('two tamper alerts', async () => {
      const r = await app.dataSource.query(
        `SELECT id, firm_id, tier::text, region_code FROM alerts WHERE cause_key = 'evidence_tampered' ORDER BY firm_id NULLS LAST`,
      );
      return r.length === 2 ? r : null;
    });
    expect(rows[0]).toMatchObject({ firm_id: world.firms.gongshu, tier: 'red', region_code: '330105' });
    expect(rows[1]).toMatchObject({ firm_id: null, tier: 'red', region_code: '330100' });
    const [plan] = await app.dataSource.query(`SELECT template_id FROM contingency_plans WHERE alert_id = $1`, [
      rows[0].id,
    ]);
    expect(plan.template_id).toBe('evidence-tampering');
  });
});

describe('alert escalation', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let wecom: Awaited<ReturnType<typeof startWeComReceiver>>;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    db = await createTestDatabase();
    wecom = await startWeComReceiver();
  });

  afterAll(async () => {
    await wecom?.close();
    await db?.drop();
  });

  it('should escalate after the deadline and name the official who let it lapse, across an app restart', async () => {
    const first = await startAlertsTestApp(db.url, alertsEnv(), clock);
    const world = await seedAlertsWorld(first, { wecomUrl: wecom.url });
    const { alert } = await first.alerts.onSignal(
      assessmentSignal({ firmId: world.firms.xihu, tier: 'orange', assessedAt: clock.now() }),
    );
    await first.notifier.drain();
    await first.close();

    // 24 h for orange; the app was down when the deadline passed.
    clock.advance(25 * HOUR);
    const second = await startAlertsTestApp(db.url, alertsEnv(), clock);
    try {
      const [record] = await waitFor('an accountability record', async () => {
        const r = await second.dataSource.query(`SELECT * FROM accountability_records WHERE alert_id = $1`, [
          alert!.id,
        ]);
        return r.length ? r : null;
      });
      expect(record).toMatchObject({
        tier: 'orange',
        responsible_role: 'county_officer',
        responsible_region_code: '330106',
        responsible: [{ staffId: world.staff.xihu.id, name: '王敏' }],
        late_by_ms: String(HOUR),
      });
      const [row] = await second.dataSource.query(
        `SELECT tier::text, status::text, escalation_level, deadline_at FROM alerts WHERE id = $1`,
        [alert!.id],
      );
      expect(row).toMatchObject({ tier: 'red', status: 'open', escalation_level: 1 });
      expect(new Date(row.deadline_at).getTime()).toBe(clock.now().getTime() + HOUR);
      await waitFor('escalation deliveries', async () => {
        await second.notifier.drain();
        const d = await second.dataSource.query(
          `SELECT DISTINCT recipient_id FROM alert_deliveries d JOIN alert_events e ON e.id = d.event_id WHERE d.alert_id = $1 AND e.action = 'escalated'`,
          [alert!.id],
        );
        return d.some((x: { recipient_id: string }) => x.recipient_id === world.staff.section.id);
      });
      const [leaf] = await second.dataSource.query(`SELECT record_kind FROM evidence_leaves WHERE record_id = $1`, [
        record.id,
      ]);
      expect(leaf.record_kind).toBe('accountability');

      const head = await staffToken(second.url, world.staff.head.username);
      const listed = await call(`${second.url}/v1/accountability`, head);
      expect(listed.body.items[0]).toMatchObject({
        alertId: alert!.id,
        responsible: [{ name: '王敏' }],
        lateByMs: HOUR,
      });
      const gongshu = await staffToken(second.url, world.staff.gongshu.username);
      expect((await call(`${second.url}/v1/accountability`, gongshu)).body.items).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('should escalate each overdue alert exactly once when two replicas tick together', async () => {
    const a = await startAlertsTestApp(db.url, alertsEnv({ ALERTS_ESCALATION_INTERVAL_MS: '3600000' }), clock);
    const b = await startAlertsTestApp(db.url, alertsEnv({ ALERTS_ESCALATION_INTERVAL_MS: '3600000' }), clock);
    try {
      const [{ id: firmId }] = await a.dataSource.query(`SELECT id FROM firms WHERE region_code = '330106' LIMIT 1`);
      const opened = [];
      for (const ruleId of ['R-1', 'R-2', 'R-3', 'R-4', 'R-5', 'R-6']) {
        opened.push(
          (
            await a.alerts.onSignal(
              assessmentSignal({ firmId, cause: { kind: 'rule', ruleId }, tier: 'orange', assessedAt: clock.now() }),
            )
          ).alert!.id,
        );
      }
      clock.advance(25 * HOUR);
      // Earlier tests' alerts may be overdue again too; one already at the top of its chain stays
      // overdue without escalating further (and replicas booting may have escalated one already).
      const [{ overdue }] = await a.dataSource.query(
        `SELECT count(*)::int AS overdue FROM alerts WHERE status = 'open' AND deadline_at < $1`,
        [clock.now()],
      );
      expect(overdue).toBeGreaterThanOrEqual(6);
      const detected = await a.dataSource.query(`SELECT alert_id FROM accountability_records WHERE detected_at = $1`, [
        clock.now(),
      ]);
      expect(detected).toEqual([]);
      const [n1, n2] = await Promise.all([a.worker.tick(), b.worker.tick()]);
      // Every escalation of this round left exactly one record, and no alert was escalated twice.
      const round: Array<{ alert_id: string; n: number }> = await a.dataSource.query(
        `SELECT alert_id, count(*)::int AS n FROM accountability_records WHERE detected_at = $1 GROUP BY alert_id`,
        [clock.now()],
      );
      expect(round.reduce((sum, r) => sum + r.n, 0)).toBe(n1 + n2);
      expect(round.every((r) => r.n === 1)).toBe(true);
      expect(n1 + n2).toBeLessThanOrEqual(overdue);
      const perAlert = await a.dataSource.query(
        `SELECT alert_id, count(*)::int AS n FROM accountability_records WHERE alert_id = ANY($1) GROUP BY alert_id`,
        [opened],
      );
      expect(perAlert.map((r: { n: number }) => r.n)).toEqual([1, 1, 1, 1, 1, 1]);
      await Promise.all([a.notifier.drain(), b.notifier.drain()]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
