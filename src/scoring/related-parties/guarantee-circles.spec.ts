import type { ContractRecord } from '../../ingest/schemas/records';
import { firmHistory } from '../features/firm-history.factory';
import { rescoreFirms } from '../rescore';
import { buildGuaranteeGraph, guaranteeStructures } from './guarantee-circles';

const asOf = '2026-07-10';
let n = 0;
const guarantee = (guarantor: string, guaranteed: string, overrides: Partial<ContractRecord> = {}): ContractRecord => ({
  contractId: `G-${++n}`,
  firmCreditCode: 'x',
  contractType: 'guarantee',
  signedAt: '2026-01-01',
  startDate: '2026-01-01',
  endDate: '2027-01-01',
  principal: '1000000.00',
  parties: [
    { role: 'guarantor', name: `担保人${guarantor}`, partyType: 'legal_person', idNumber: guarantor },
    { role: 'guaranteed', name: `被担保人${guaranteed}`, partyType: 'legal_person', idNumber: guaranteed },
  ],
  documentSha256: '0'.repeat(64),
  documentMediaType: 'application/pdf',
  ...overrides,
});
const supervised = new Map(
  ['kh1:A', 'kh1:B', 'kh1:C', 'kh1:D'].map((h) => [
    h,
    { creditCode: `CODE-${h.slice(4)}`, name: `${h.slice(4)}担保公司` },
  ]),
);

describe(guaranteeStructures.name, () => {
  it('should find a three-guarantor circle (联保) with its members and links', () => {
    const g = buildGuaranteeGraph(
      [guarantee('kh1:A', 'kh1:B'), guarantee('kh1:B', 'kh1:C'), guarantee('kh1:C', 'kh1:A')],
      asOf,
      supervised,
    );
    const found = guaranteeStructures(g);
    expect(found).toHaveLength(1);
    expect(found[0].kind).toBe('circle');
    expect(found[0].members.map((m) => [m.name, m.firmCreditCode])).toEqual([
      ['A担保公司', 'CODE-A'],
      ['B担保公司', 'CODE-B'],
      ['C担保公司', 'CODE-C'],
    ]);
    expect(found[0].links.map((l) => `${l.guarantor}>${l.guaranteed}`).sort()).toEqual(['0>1', '1>2', '2>0']);
    expect(JSON.stringify(found)).not.toContain('kh1:'); // no identity hash leaves the graph
  });

  it('should find mutual guarantees (互保) as a circle of two', () => {
    const found = guaranteeStructures(
      buildGuaranteeGraph([guarantee('kh1:A', 'kh1:B'), guarantee('kh1:B', 'kh1:A')], asOf, supervised),
    );
    expect(found.map((s) => [s.kind, s.members.length])).toEqual([['circle', 2]]);
  });

  it('should report a chain without a cycle as a chain, not a circle', () => {
    const toClient = guarantee('kh1:C', 'kh1:client');
    toClient.parties[1].name = '客户';
    const found = guaranteeStructures(
      buildGuaranteeGraph([guarantee('kh1:A', 'kh1:B'), guarantee('kh1:B', 'kh1:C'), toClient], asOf, supervised),
    );
    expect(found).toEqual([
      {
        kind: 'chain',
        members: [
          { name: 'A担保公司', firmCreditCode: 'CODE-A' },
          { name: 'B担保公司', firmCreditCode: 'CODE-B' },
          { name: 'C担保公司', firmCreditCode: 'CODE-C' },
          { name: '客户' },
        ],
        links: [
          { guarantor: 0, guaranteed: 1, contractIds: [expect.any(String)], principal: 1_000_000 },
          { guarantor: 1, guaranteed: 2, contractIds: [expect.any(String)], principal: 1_000_000 },
          { guarantor: 2, guaranteed: 3, contractIds: [expect.any(String)], principal: 1_000_000 },
        ],
      },
    ]);
  });

  it('should report a circle and the chain leading into it separately', () => {
    const found = guaranteeStructures(
      buildGuaranteeGraph(
        [
          guarantee('kh1:A', 'kh1:B'),
          guarantee('kh1:B', 'kh1:A'),
          guarantee('kh1:x', 'kh1:y'),
          guarantee('kh1:y', 'kh1:D'),
          guarantee('kh1:D', 'kh1:A'),
        ],
        asOf,
        supervised,
      ),
    );
    expect(found.map((s) => [s.kind, s.members.map((m) => m.name)])).toEqual([
      ['circle', ['A担保公司', 'B担保公司']],
      ['chain', ['担保人kh1:x', '被担保人kh1:y', 'D担保公司']],
    ]);
  });

  it('should ignore a single guarantee, contracts not in force, and structures without a supervised firm', () => {
    expect(guaranteeStructures(buildGuaranteeGraph([guarantee('kh1:A', 'kh1:B')], asOf, supervised))).toEqual([]);
    expect(
      guaranteeStructures(
        buildGuaranteeGraph(
          [guarantee('kh1:A', 'kh1:B'), guarantee('kh1:B', 'kh1:A', { endDate: '2026-06-30' })],
          asOf,
          supervised,
        ),
      ),
    ).toEqual([]);
    expect(
      guaranteeStructures(
        buildGuaranteeGraph([guarantee('kh1:p', 'kh1:q'), guarantee('kh1:q', 'kh1:p')], asOf, supervised),
      ),
    ).toEqual([]);
  });

  it('should sum several contracts behind one link', () => {
    const g = buildGuaranteeGraph(
      [
        guarantee('kh1:A', 'kh1:B', { contractId: 'G1' }),
        guarantee('kh1:A', 'kh1:B', { contractId: 'G2' }),
        guarantee('kh1:B', 'kh1:A', { contractId: 'G3' }),
      ],
      asOf,
      supervised,
    );
    expect(guaranteeStructures(g)[0].links.find((l) => l.guarantor === 0)).toEqual({
      guarantor: 0,
      guaranteed: 1,
      contractIds: ['G1', 'G2'],
      principal: 2_000_000,
    });
  });

  it('should put a member firm at least on blue with the circle in its explanation', () => {
    const h = firmHistory('financing_guarantee');
    const [circle] = guaranteeStructures(
      buildGuaranteeGraph(
        [guarantee('kh1:A', 'kh1:B'), guarantee('kh1:B', 'kh1:C'), guarantee('kh1:C', 'kh1:A')],
        asOf,
        supervised,
      ),
    );
    const plain = rescoreFirms({ histories: [h], asOf, packs: [] }).assessments[0];
    expect(plain.tier).toBe('none');
    const member = rescoreFirms({
      histories: [h],
      asOf,
      packs: [],
      guaranteeStructures: new Map([[h.firm.id, [circle]]]),
    }).assessments[0];
    expect(member.ruleTier).toBe('blue');
    expect(member.explanation.guaranteeStructures).toEqual([circle]);
    expect(member.explanation.tierReasons).toContain('处于互保/联保圈 1 个、担保链 0 条');
  });
});
