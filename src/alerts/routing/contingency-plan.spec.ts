import { alertsFactory, HANGZHOU, XIHU } from '../../../test/support/alerts-factory';
import { ContingencyPlanNotApplicable } from '../alerts.errors';
import { loadDefaultCalendar } from '../policy/working-day-calendar';
import { instantiatePlan, loadDefaultPlanTemplates, parsePlanTemplates, selectTemplate } from './contingency-plan';

const templates = loadDefaultPlanTemplates();
const calendar = loadDefaultCalendar();
const at = new Date('2025-06-06T02:00:00Z'); // Friday 10:00 Beijing

describe('contingency plans (应急预案)', () => {
  it('should pick the template by rule, by cause kind, else the fallback', () => {
    expect(selectTemplate(templates, { cause: { kind: 'rule', ruleId: 'EW-09' } }).id).toBe('payout-run');
    expect(selectTemplate(templates, { cause: { kind: 'evidence_tampered' } }).id).toBe('evidence-tampering');
    expect(selectTemplate(templates, { cause: { kind: 'score_band' } }).id).toBe('general-red');
  });

  it('should open a plan for a red alert with owners and due times', () => {
    const alert = alertsFactory.alert({
      tier: 'red',
      cause: { kind: 'rule', ruleId: 'EW-09' },
      causeKey: 'rule:EW-09',
    });
    const plan = instantiatePlan(alert, templates, alertsFactory.directory(), calendar, at);
    expect(plan).toMatchObject({ alertId: 'alert-1', templateId: 'payout-run', openedAt: at });
    const byId = Object.fromEntries(plan.tasks.map((t) => [t.taskId, t]));
    expect(byId['phone-report']).toMatchObject({
      ownerRole: 'bureau_head',
      ownerRegionCode: HANGZHOU,
      ownerStaffIds: ['bh'],
      dueAt: new Date('2025-06-06T03:00:00Z'),
      status: 'pending',
    });
    expect(byId['on-site']).toMatchObject({
      ownerRole: 'county_officer',
      ownerRegionCode: XIHU,
      ownerStaffIds: ['co-xihu', 'co-xihu-2'],
    });
    expect(byId['notify-police'].title).toMatch(/公安经侦/);
    expect(byId['freeze-new-business'].dueAt).toEqual(new Date('2025-06-06T06:00:00Z'));
  });

  it('should count working-day tasks on the calendar', () => {
    const plan = instantiatePlan(alertsFactory.alert({ tier: 'red' }), templates, [], calendar, at);
    expect(plan.tasks.find((t) => t.taskId === 'fund-flow-check')!.dueAt.toISOString()).toBe(
      '2025-06-09T16:00:00.000Z',
    );
    expect(plan.tasks.every((t) => Array.isArray(t.ownerStaffIds))).toBe(true);
  });

  it('should refuse to open a plan for an alert below red', () => {
    expect(() => instantiatePlan(alertsFactory.alert({ tier: 'orange' }), templates, [], calendar, at)).toThrow(
      ContingencyPlanNotApplicable,
    );
  });

  it('should require exactly one fallback template, listed last', () => {
    const task = '{ id: t, title: T, owner: { role: bureau_head, level: city }, due: { hours: 1 } }';
    expect(() =>
      parsePlanTemplates(`templates:\n  - { id: a, name: A, when: { causes: [score_band] }, tasks: [${task}] }\n`),
    ).toThrow(/exactly one template without 'when'/);
    expect(() =>
      parsePlanTemplates(
        `templates:\n  - { id: a, name: A, tasks: [{ id: t, title: T, owner: { role: bureau_head, level: city }, due: { days: 1 } }] }\n`,
      ),
    ).toThrow(/does not match its schema/);
  });
});
