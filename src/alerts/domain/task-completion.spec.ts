import { mayCompleteTask, type TaskOwnership } from './task-completion';

const XIHU = '330106';
const onSite: TaskOwnership = { ownerRole: 'county_officer', ownerRegionCode: XIHU, ownerStaffIds: ['officer-1'] };
const report: TaskOwnership = { ownerRole: 'section_head', ownerRegionCode: '330100', ownerStaffIds: ['section-1'] };

describe('mayCompleteTask', () => {
  it('should let the owner complete the task, and whoever holds the owner role there now', () => {
    expect(mayCompleteTask({ id: 'officer-1', role: 'county_officer', regionCode: XIHU }, onSite, XIHU)).toBe(true);
    expect(mayCompleteTask({ id: 'officer-new', role: 'county_officer', regionCode: XIHU }, onSite, XIHU)).toBe(true);
  });

  it('should let a more senior official whose region covers the firm complete it', () => {
    expect(mayCompleteTask({ id: 'deputy', role: 'deputy_head', regionCode: '330100' }, report, XIHU)).toBe(true);
    expect(mayCompleteTask({ id: 'province', role: 'province', regionCode: '330000' }, onSite, XIHU)).toBe(true);
  });

  it("should refuse a peer or junior, another county's officer, another city's head and auditors", () => {
    expect(mayCompleteTask({ id: 'officer-2', role: 'county_officer', regionCode: '330105' }, onSite, XIHU)).toBe(
      false,
    );
    expect(mayCompleteTask({ id: 'analyst', role: 'analyst', regionCode: '330100' }, onSite, XIHU)).toBe(false);
    expect(mayCompleteTask({ id: 'officer-1', role: 'county_officer', regionCode: XIHU }, report, XIHU)).toBe(false);
    expect(mayCompleteTask({ id: 'ningbo-head', role: 'bureau_head', regionCode: '330200' }, onSite, XIHU)).toBe(false);
    expect(mayCompleteTask({ id: 'auditor', role: 'auditor', regionCode: '330100' }, onSite, XIHU)).toBe(false);
    expect(mayCompleteTask({ id: 'admin', role: 'admin', regionCode: '330100' }, onSite, XIHU)).toBe(false);
  });
});
