import type { KeyPersonsRecord, RegistryEvent } from '../../ingest/schemas/records';
import { beneficialOwners, lookThroughOwners } from './beneficial-owners';
import { buildOwnershipGraph, latestShareholdings } from './ownership-graph';
import { withSupervisedRegistryHolders } from './supervised-holders';

type Holder = NonNullable<RegistryEvent['shareholders']>[number];
const company = (id: string, sharePct: string, name = id): Holder => ({
  name,
  holderType: 'legal_person',
  idNumber: id,
  sharePct,
});
const person = (id: string, sharePct: string, name = id): Holder => ({
  name,
  holderType: 'natural_person',
  idNumber: id,
  sharePct,
});
const registry = (firm: string, shareholders: Holder[], occurredAt = '2026-01-01'): RegistryEvent => ({
  eventId: `r-${firm}-${occurredAt}`,
  firmCreditCode: firm,
  occurredAt,
  type: 'registration_snapshot',
  shareholders,
});
const graphOf = (events: RegistryEvent[], keyPersons: KeyPersonsRecord[] = []) =>
  buildOwnershipGraph(keyPersons, '2026-06-30', new Map([['FIRM', '甲公司']]), events);

describe(lookThroughOwners.name, () => {
  it('should make A an ultimate owner at 30 % when A owns 60 % of B and B owns 50 % of the firm', () => {
    const g = graphOf([
      registry('FIRM', [company('B', '50'), person('p', '50', '王五')]),
      registry('B', [company('A', '60'), person('q', '40')]),
    ]);
    const owners = lookThroughOwners(g, 'FIRM');
    expect(owners.find((o) => o.name === 'A')).toEqual({
      key: 'company:A',
      name: 'A',
      kind: 'company',
      sharePct: 30,
      ultimate: true,
      paths: [{ chain: ['A', '股东 60%', 'B', '股东 50%', '甲公司'], sharePct: 30 }],
    });
    expect(owners.find((o) => o.name === 'B')).toMatchObject({ sharePct: 50, ultimate: false });
    expect(beneficialOwners(g, 'FIRM').map((o) => [o.name, o.sharePct])).toEqual([
      ['王五', 50],
      ['A', 30],
    ]);
  });

  it('should sum the shares over every chain', () => {
    // A holds 10 % directly and 60 % x 30 % = 18 % through B: 28 %, above 25 % only together.
    const g = graphOf([
      registry('FIRM', [company('A', '10'), company('B', '30'), person('p', '60')]),
      registry('B', [company('A', '60')]),
    ]);
    const a = lookThroughOwners(g, 'FIRM').find((o) => o.name === 'A')!;
    expect(a.sharePct).toBe(28);
    expect(a.paths.map((p) => p.sharePct)).toEqual([18, 10]);
    expect(beneficialOwners(g, 'FIRM').map((o) => o.name)).toContain('A');
  });

  it('should end at a cycle of cross-holdings instead of looping', () => {
    // X holds 60 % of the firm; X and Y hold half of each other.
    const g = graphOf([
      registry('FIRM', [company('X', '60')]),
      registry('X', [company('Y', '50'), person('z', '50', '赵六')]),
      registry('Y', [company('X', '50'), person('w', '50', '吴七')]),
    ]);
    const owners = lookThroughOwners(g, 'FIRM');
    expect(owners.map((o) => [o.name, o.sharePct]).sort()).toEqual([
      ['X', 60],
      ['Y', 30],
      ['吴七', 15],
      ['赵六', 30],
    ]);
    expect(owners.find((o) => o.name === 'Y')!.paths).toEqual([
      { chain: ['Y', '股东 50%', 'X', '股东 60%', '甲公司'], sharePct: 30 },
    ]);
  });

  it('should end a pure cycle too, with its top as the ultimate owner', () => {
    const g = graphOf([
      registry('FIRM', [company('X', '100')]),
      registry('X', [company('Y', '100')]),
      registry('Y', [company('X', '100')]),
    ]);
    expect(lookThroughOwners(g, 'FIRM').map((o) => [o.name, o.sharePct, o.ultimate])).toEqual([
      ['X', 100, false],
      ['Y', 100, true],
    ]);
  });

  it('should combine declared key persons with the registry, the registry deciding the shares', () => {
    const declared: KeyPersonsRecord = {
      recordId: 'kp',
      firmCreditCode: 'FIRM',
      asOf: '2026-01-01',
      persons: [
        { role: 'actual_controller', name: '张三', personType: 'natural_person', idNumber: 'zhang' },
        { role: 'shareholder', name: '张三', personType: 'natural_person', idNumber: 'zhang', sharePct: '90' },
      ],
    };
    const g = graphOf(
      [
        registry('FIRM', [
          person('zhang', '40', '张三'),
          { name: '李四', holderType: 'natural_person', sharePct: '60' },
        ]),
      ],
      [declared],
    );
    expect(lookThroughOwners(g, 'FIRM').map((o) => [o.name, o.sharePct])).toEqual([
      ['李四', 60],
      ['张三', 40],
    ]);
    expect(g.getEdgeAttributes('person:zhang', 'company:FIRM').roles).toEqual(['actual_controller', 'shareholder']);
  });

  it('should read the latest shareholder list on or before the date', () => {
    const events = [
      registry('FIRM', [company('A', '100')], '2025-01-01'),
      registry('FIRM', [company('B', '100')], '2026-03-01'),
      registry('FIRM', [company('C', '100')], '2026-09-01'),
    ];
    expect(latestShareholdings(events, '2026-06-30').get('FIRM')!.shareholders).toEqual([company('B', '100')]);
    expect(lookThroughOwners(graphOf(events), 'FIRM').map((o) => o.name)).toEqual(['B']);
  });

  it('should put a supervised corporate holder under its credit code', () => {
    const [e] = withSupervisedRegistryHolders(
      [registry('FIRM', [company('kh1:hash-of-B', '50')])],
      new Map([['kh1:hash-of-B', 'B']]),
    );
    expect(e.shareholders![0].idNumber).toBe('B');
  });

  it('should find no owner for a firm the graph does not know', () => {
    expect(lookThroughOwners(graphOf([]), 'NOBODY')).toEqual([]);
  });
});
