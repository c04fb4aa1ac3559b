import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StaffDirectoryService } from '../staff/staff-directory.service';
import { demoFirmCreditCode } from '../firms/demo-firms';
import { FirmsService } from '../firms/firms.service';
import { bundledPowerList, powerOf } from './power-list/power-list';
import { PowerTracesService } from './power-traces.service';
import { seedDemoCageMore } from './demo-cage-more';

/** A demo official, as the demo staff store holds it. */
interface DemoOfficial {
  id: string;
  displayName: string;
  role: string;
  regionCode: string;
}

/**
 * Demo data of the embedded default (DEMO_DATA only, once, with the demo firms): simulated behaviour
 * of two demo officials that the cage's indicators flag, so a newcomer sees 云在算 work after
 * `npm start`: demo.analyst lowers one firm below the machine three times running (偏离度), and
 * demo.gongshu opens firm data 400 times within minutes (批量查阅).
 */
export async function seedDemoCage(
  dataSource: DataSource,
  traces: PowerTracesService,
  officials: { analyst: DemoOfficial; gongshu: DemoOfficial },
  firm: { id: string; creditCode: string },
  now: Date,
): Promise<void> {
  const power = powerOf(bundledPowerList(), 'manual_score.add');
  for (const minutesAgo of [3, 2, 1]) {
    await traces.record({
      power,
      listVersion: bundledPowerList().version,
      actor: officials.analyst,
      approver: null,
      reason: '演示：酌情下调（模拟行为）',
      before: {
        targetId: firm.creditCode,
        firmId: firm.id,
        state: { assessment: { tier: 'orange', grade: 'D', riskScore: '78', machineScore: '78' } },
      },
      after: {
        targetId: firm.creditCode,
        firmId: firm.id,
        state: { assessment: { tier: 'yellow', grade: 'D', riskScore: '70', machineScore: '78' } },
      },
      request: { method: 'POST', path: `/v1/firms/${firm.creditCode}/manual-scores` },
      at: new Date(now.getTime() - minutesAgo * 60_000),
    });
  }
  await dataSource.query(
    `INSERT INTO staff_access_log (at, staff_id, username, role, region_code, method, path, firm_id, outcome, reason)
     SELECT $1::timestamptz - g * interval '1 second', $2, 'demo.gongshu', $3, $4, 'GET', '/v1/firms/' || $5, $6, 'allowed', 'demo_simulated'
       FROM generate_series(1, 400) g`,
    [now, officials.gongshu.id, officials.gongshu.role, officials.gongshu.regionCode, firm.creditCode, firm.id],
  );
}

/** seedDemoCage with the app's services: the demo staff and the first demo firm. */
export async function seedDemoCageOf(app: INestApplication): Promise<void> {
  const directory = app.get(StaffDirectoryService);
  const [analyst, gongshu] = await Promise.all([
    directory.findByUsername('demo.analyst'),
    directory.findByUsername('demo.gongshu'),
  ]);
  if (!analyst || !gongshu) return;
  const firm = await app.get(FirmsService).byCreditCode(demoFirmCreditCode(1));
  await seedDemoCage(app.get(DataSource), app.get(PowerTracesService), { analyst, gongshu }, firm, new Date());
  await seedDemoCageMore(app);
}
