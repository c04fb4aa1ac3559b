import type { DirectoryEntry } from '../../alerts/routing/staff-directory';
import { integrityAlertMessage, routeIntegrityAlert, type IntegrityAlertRow } from './integrity-routing';

const entry = (id: string, role: DirectoryEntry['role'], regionCode: string, active = true): DirectoryEntry => ({
  id,
  name: id,
  role,
  regionCode,
  channels: { phone: `1380000${id.length}` },
  active,
});
const directory = [
  entry('insp-hz', 'discipline_inspector', '330100'),
  entry('insp-hz-subject', 'discipline_inspector', '330100'),
  entry('insp-hz-gone', 'discipline_inspector', '330100', false),
  entry('insp-nb', 'discipline_inspector', '330200'),
  entry('section', 'section_head', '330100'),
  entry('officer', 'county_officer', '330106'),
];
const alert: IntegrityAlertRow = {
  id: 'ia-1',
  indicator: 'closeness',
  subjectStaffIds: ['officer', 'insp-hz-subject'],
  regionCode: '330106',
  summary: '亲密度：0.89',
  raisedAt: new Date('2026-12-06T00:00:00Z'),
};

describe('integrity alert routing', () => {
  it("should reach the active inspectors of the official's city only, never the subjects or their superiors", () => {
    const plan = routeIntegrityAlert(alert, directory, ['sms', 'log']);
    expect(plan.recipients.map((r) => r.id)).toEqual(['insp-hz']);
    expect(plan.deliveries.map((d) => d.channel).sort()).toEqual(['log', 'sms']);
  });

  it('should reach nobody when the only inspector is the subject', () => {
    expect(
      routeIntegrityAlert(
        { ...alert, subjectStaffIds: ['insp-hz'] },
        directory.filter((e) => e.id !== 'insp-hz-subject'),
        ['log'],
      ).recipients,
    ).toEqual([]);
  });

  it('should link the message to the integrity alert, not to an alert', () => {
    expect(integrityAlertMessage(alert, 'https://risk.example.gov.cn/m/')).toMatchObject({
      alertId: 'ia-1',
      reasons: ['亲密度：0.89'],
      link: 'https://risk.example.gov.cn/m/integrity-alerts/ia-1',
      ackDeadline: null,
    });
  });
});
