import { STAFF_ROLES, type StaffRole } from './staff-role';
import { canSeeRegion, roleRegionProblem } from './region-scope';

// 330100 杭州市 with counties 330105 拱墅区, 330106 西湖区; 330200 宁波市; 330000 浙江省; 320100 南京市.
const FIRM_REGIONS = ['330106', '330105', '330100', '330203', '330200', '320102'] as const;

const MATRIX: Array<[StaffRole, string, Record<(typeof FIRM_REGIONS)[number], boolean>]> = [
  [
    'county_officer',
    '330106',
    { '330106': true, '330105': false, '330100': false, '330203': false, '330200': false, '320102': false },
  ],
  [
    'analyst',
    '330100',
    { '330106': true, '330105': true, '330100': true, '330203': false, '330200': false, '320102': false },
  ],
  [
    'section_head',
    '330100',
    { '330106': true, '330105': true, '330100': true, '330203': false, '330200': false, '320102': false },
  ],
  [
    'deputy_head',
    '330100',
    { '330106': true, '330105': true, '330100': true, '330203': false, '330200': false, '320102': false },
  ],
  [
    'bureau_head',
    '330100',
    { '330106': true, '330105': true, '330100': true, '330203': false, '330200': false, '320102': false },
  ],
  [
    'province',
    '330000',
    { '330106': true, '330105': true, '330100': true, '330203': true, '330200': true, '320102': false },
  ],
  [
    'auditor',
    '330100',
    { '330106': true, '330105': true, '330100': true, '330203': true, '330200': true, '320102': true },
  ],
  [
    'admin',
    '330100',
    { '330106': true, '330105': true, '330100': true, '330203': true, '330200': true, '320102': true },
  ],
  [
    'discipline_inspector',
    '330100',
    { '330106': true, '330105': true, '330100': true, '330203': false, '330200': false, '320102': false },
  ],
  [
    'model_owner',
    '330100',
    { '330106': true, '330105': true, '330100': true, '330203': false, '330200': false, '320102': false },
  ],
];

describe('canSeeRegion', () => {
  it('should cover every staff role in the matrix', () => {
    expect(MATRIX.map(([role]) => role).sort()).toEqual([...STAFF_ROLES].sort());
  });

  for (const [role, scope, expected] of MATRIX) {
    it(`should give a ${role} of ${scope} exactly its scope`, () => {
      const seen = Object.fromEntries(FIRM_REGIONS.map((r) => [r, canSeeRegion({ role, regionCode: scope }, r)]));
      expect(seen).toEqual(expected);
    });
  }

  it('should show nothing when the principal region does not fit the role', () => {
    expect(canSeeRegion({ role: 'county_officer', regionCode: '330100' }, '330106')).toBe(false);
    expect(canSeeRegion({ role: 'section_head', regionCode: '330000' }, '330106')).toBe(false);
    expect(canSeeRegion({ role: 'analyst', regionCode: 'abc' }, '330106')).toBe(false);
  });

  it('should show nothing for a malformed firm region, even to an auditor', () => {
    expect(canSeeRegion({ role: 'auditor', regionCode: '330100' }, '33010')).toBe(false);
    expect(canSeeRegion({ role: 'province', regionCode: '330000' }, '')).toBe(false);
  });
});

describe('roleRegionProblem', () => {
  it('should say why a region does not fit a role', () => {
    expect(roleRegionProblem('county_officer', '330106')).toBeNull();
    expect(roleRegionProblem('county_officer', '330100')).toBe(
      'a county_officer is responsible for a county, but 330100 is a city',
    );
    expect(roleRegionProblem('province', '330100')).toBe(
      'a province is responsible for a province, but 330100 is a city',
    );
    expect(roleRegionProblem('auditor', '330106')).toBeNull();
    expect(roleRegionProblem('analyst', '999900')).toBe("region code has no province '99' in GB/T 2260");
  });
});
