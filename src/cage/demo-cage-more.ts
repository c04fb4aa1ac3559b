import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AlertsService } from '../alerts/alerts.service';
import { StaffDirectoryService } from '../staff/staff-directory.service';
import { demoFirmCreditCode } from '../firms/demo-firms';
import { FirmsService } from '../firms/firms.service';
import { bundledPowerList, powerOf } from './power-list/power-list';
import { PowerTracesService } from './power-traces.service';

const HOUR = 3_600_000;

/**
 * More demo behaviour for the cage (DEMO_DATA only, once, with the demo firms): demo.xihu opens the
 * first demo firm's profile eight times and a second firm once (亲密度: 8 of 9 actions on one firm),
 * and acknowledges three alerts of another firm two days ago without handling them (超期量: the overdue
 * watch of the alerts role finds each past the power list's 24-hour limit).
 */
export async function seedDemoCageMore(app: INestApplication, now = new Date()): Promise<void> {
  const xihu = await app.get(StaffDirectoryService).findByUsername('demo.xihu');
  if (!xihu) return;
  const firms = app.get(FirmsService);
  const [close, other, sat] = await Promise.all([1, 2, 3].map((i) => firms.byCreditCode(demoFirmCreditCode(i))));
  const traces = app.get(PowerTracesService);
  const list = bundledPowerList();
  const open = powerOf(list, 'firm_profile.open');
  for (const [i, firm] of [...Array<typeof close>(8).fill(close), other].entries()) {
    await traces.record({
      power: open,
      listVersion: list.version,
      actor: xihu,
      approver: null,
      reason: null,
      before: { targetId: firm.creditCode, firmId: firm.id, state: null },
      after: { targetId: firm.creditCode, firmId: firm.id, state: null },
      request: { method: 'GET', path: `/v1/firms/${firm.creditCode}` },
      at: new Date(now.getTime() - (30 - i) * 60_000),
    });
  }
  const alerts = app.get(AlertsService);
  const acknowledge = powerOf(list, 'alert.acknowledge');
  for (const n of [1, 2, 3]) {
    const opened = await alerts.onSignal({
      firmId: sat.id,
      cause: { kind: 'rule', ruleId: `DEMO-${n}` },
      tier: 'yellow',
      reasons: [{ ruleId: `DEMO-${n}`, text: `演示：模拟风险信号 ${n}` }],
      veto: false,
      periodId: 'demo',
      assessmentId: `demo-cage-${randomUUID()}`,
      assessedAt: now,
    });
    if (!opened.alert) continue;
    const before = { targetId: opened.alert.id, firmId: sat.id, state: { status: 'open' } };
    await alerts.act(opened.alert.id, xihu, 'acknowledge', '演示：签收后未处置（模拟行为）');
    // Traced as acknowledged 48 hours ago: past the 24-hour time limit of the power list.
    await traces.record({
      power: acknowledge,
      listVersion: list.version,
      actor: xihu,
      approver: null,
      reason: '演示：签收后未处置（模拟行为）',
      before,
      after: { ...before, state: { status: 'acknowledged' } },
      request: { method: 'POST', path: `/v1/alerts/${opened.alert.id}/acknowledge` },
      at: new Date(now.getTime() - 48 * HOUR),
    });
  }
}
