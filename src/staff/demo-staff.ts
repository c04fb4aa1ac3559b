import { Logger } from '@nestjs/common';
import type { StaffRole } from './staff-role';
import { StaffDirectoryService } from './staff-directory.service';

/**
 * The password of every demonstration staff user (README.md). Demo data only: the seed runs when
 * DEMO_DATA is on and the user store is empty; never turn DEMO_DATA on in production.
 */
export const DEMO_STAFF_PASSWORD = 'hangzhou-demo-2026';

// One user per role for the demonstration city 杭州市 (330100), its counties and its province.
export const DEMO_STAFF: ReadonlyArray<{ username: string; displayName: string; role: StaffRole; regionCode: string }> =
  [
    { username: 'demo.analyst', displayName: '演示 分析员', role: 'analyst', regionCode: '330100' },
    { username: 'demo.xihu', displayName: '演示 西湖区属地监管员', role: 'county_officer', regionCode: '330106' },
    { username: 'demo.gongshu', displayName: '演示 拱墅区属地监管员', role: 'county_officer', regionCode: '330105' },
    { username: 'demo.section', displayName: '演示 监管科科长', role: 'section_head', regionCode: '330100' },
    { username: 'demo.deputy', displayName: '演示 分管副局长', role: 'deputy_head', regionCode: '330100' },
    { username: 'demo.head', displayName: '演示 局长', role: 'bureau_head', regionCode: '330100' },
    { username: 'demo.province', displayName: '演示 省地方金融管理局', role: 'province', regionCode: '330000' },
    { username: 'demo.auditor', displayName: '演示 审计', role: 'auditor', regionCode: '330100' },
    { username: 'demo.admin', displayName: '演示 系统管理员', role: 'admin', regionCode: '330100' },
    { username: 'demo.inspector', displayName: '演示 纪检监察', role: 'discipline_inspector', regionCode: '330100' },
    { username: 'demo.model', displayName: '演示 模型负责人', role: 'model_owner', regionCode: '330100' },
  ];

export async function seedDemoStaff(directory: StaffDirectoryService): Promise<void> {
  if ((await directory.count()) > 0) return;
  for (const staff of DEMO_STAFF) await directory.create({ ...staff, password: DEMO_STAFF_PASSWORD });
  new Logger('DemoData').log(`seeded ${DEMO_STAFF.length} demonstration staff users (password in src/staff/README.md)`);
}
