import type { KeyPersonsRecord } from '../../ingest/schemas/records';
import { buildOwnershipGraph } from './ownership-graph';
import { propagateRedRisk } from './risk-propagation';
import { ultimateControllers } from './ultimate-controllers';

const record = (firm: string, persons: KeyPersonsRecord['persons'], asOf = '2026-01-01'): KeyPersonsRecord => ({
  recordId: `kp-${firm}-${asOf}`,
  firmCreditCode: firm,
  asOf,
  persons,
});
const zhang = { name: '张三', personType: 'natural_person' as const, idNumber: 'hash-zhang' };

// 甲控股 (HOLDCO, not supervised) holds 60% of firm B; 张三 is the actual controller of 甲控股 and of firm A.
const records = [
  record('FIRMA', [
    { role: 'actual_controller', ...zhang },
    { role: 'legal_representative', name: '李四', personType: 'natural_person', idNumber: 'hash-li' },
  ]),
  record('FIRMB', [
    { role: 'shareholder', name: '甲控股', personType: 'legal_person', idNumber: 'HOLDCO', sharePct: '60' },
    { role: 'shareholder', name: '王五', personType: 'natural_person', idNumber: 'hash-wang', sharePct: '40' },
  ]),
  record('HOLDCO', [
    { role: 'actual_controller', ...zhang },
    { role: 'shareholder', ...zhang, sharePct: '80' },
  ]),
  record('FIRMC', [{ role: 'director', name: '赵六', personType: 'natural_person', idNumber: 'hash-zhao' }]),
];
const names = new Map([
  ['FIRMA', 'A公司'],
  ['FIRMB', 'B公司'],
  ['FIRMC', 'C公司'],
  ['HOLDCO', '甲控股'],
]);

describe('related parties', () => {
  const g = buildOwnershipGraph(records, '2026-06-30', names);

  it('should pierce corporate layers to the ultimate controller (穿透)', () => {
    expect(ultimateControllers(g, 'FIRMB')).toEqual([
      {
        key: 'person:hash-zhang',
        name: '张三',
        kind: 'person',
        chain: ['张三', '实控人', '甲控股', '股东 60%', 'B公司'],
      },
    ]);
    expect(ultimateControllers(g, 'FIRMA').map((c) => c.name)).toEqual(['张三']);
    expect(ultimateControllers(g, 'FIRMC')).toEqual([]);
  });

  it('should stop at a cycle of cross-holdings', () => {
    const cyclic = buildOwnershipGraph(
      [
        record('X', [{ role: 'shareholder', name: 'Y', personType: 'legal_person', idNumber: 'Y', sharePct: '70' }]),
        record('Y', [{ role: 'shareholder', name: 'X', personType: 'legal_person', idNumber: 'X', sharePct: '70' }]),
      ],
      '2026-06-30',
    );
    expect(ultimateControllers(cyclic, 'X').map((c) => c.key)).toEqual(['company:Y']);
  });

  it('should flag firms related to a red firm with the path through the shared controller', () => {
    const flags = propagateRedRisk(g, ['FIRMA']);
    expect(flags.get('FIRMB')).toEqual([
      { fromFirm: 'FIRMA', path: 'B公司 ←股东60% 甲控股 ←实控人/股东80% 张三 —实控人→ A公司' },
    ]);
    expect(flags.get('HOLDCO')).toEqual([{ fromFirm: 'FIRMA', path: '甲控股 ←实控人/股东80% 张三 —实控人→ A公司' }]);
    expect(flags.has('FIRMC')).toBe(false);
  });

  it('should render a plain shared person as A ←实控人 张三→ B', () => {
    const simple = buildOwnershipGraph(
      [
        record('A1', [{ role: 'actual_controller', ...zhang }]),
        record('B1', [{ role: 'actual_controller', ...zhang }]),
      ],
      '2026-06-30',
      new Map([
        ['A1', 'A'],
        ['B1', 'B'],
      ]),
    );
    expect(propagateRedRisk(simple, ['B1']).get('A1')).toEqual([{ fromFirm: 'B1', path: 'A ←实控人 张三→ B' }]);
  });

  it('should use only key-person lists dated on or before asOf', () => {
    const later = buildOwnershipGraph(
      [...records, record('FIRMC', [{ role: 'actual_controller', ...zhang }], '2026-09-01')],
      '2026-06-30',
      names,
    );
    expect(propagateRedRisk(later, ['FIRMA']).has('FIRMC')).toBe(false);
  });
});
