import { readFileSync } from 'node:fs';
import { PowerListInvalid } from '../cage.errors';
import { BUNDLED_POWER_LIST, bundledPowerList, parsePowerList, powerOf } from './power-list';

const bundledText = readFileSync(BUNDLED_POWER_LIST, 'utf8');

function problemsOf(text: string): string[] {
  try {
    parsePowerList(text);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(PowerListInvalid);
    return (error as PowerListInvalid).problems.map((p) => `${p.pointer} ${p.detail}`);
  }
}

describe('power list (权力清单)', () => {
  it('should load the bundled catalogue with a legal basis and roles for every power', () => {
    const list = bundledPowerList();
    expect(list.version).toBe(1);
    for (const power of list.powers) {
      expect(power.basis).toMatch(/《.+》/);
      expect(power.roles.length).toBeGreaterThan(0);
    }
    expect(powerOf(list, 'licence.change')).toMatchObject({ reason: 'required', secondApprover: { required: true } });
  });

  it('should refuse duplicate ids, unknown fields and an approver requirement naming no role', () => {
    const duplicated = bundledText.replace('  - id: firm.register', '  - id: licence.change');
    expect(problemsOf(duplicated)).toEqual(['/powers/1/id licence.change is declared twice']);
    expect(problemsOf(bundledText.replace('target: firm_licence', 'target: firm_licence\n    extra: 1'))).toEqual([
      '/powers/0/extra is not a known field',
    ]);
    expect(
      problemsOf(
        bundledText.replace(
          'secondApprover: { required: true, roles: [section_head, deputy_head, bureau_head] }',
          'secondApprover: { required: true }',
        ),
      ),
    ).toEqual([
      '/powers/0/secondApprover/roles licence.change needs a second approver but names no role that may approve',
    ]);
  });
});
