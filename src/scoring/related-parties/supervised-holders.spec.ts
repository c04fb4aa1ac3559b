import type { KeyPersonsRecord } from '../../ingest/schemas/records';
import { IdentityHasher } from '../../ingest/intake/identity-hasher';
import { buildOwnershipGraph, companyKey } from './ownership-graph';
import { withSupervisedHolders } from './supervised-holders';

describe(withSupervisedHolders.name, () => {
  const hasher = new IdentityHasher(Buffer.alloc(32, 3));
  const holder = '91330106MA2AAAAA1X';
  // As intake stores it: the corporate shareholder's credit code keyed-hashed like a person's id.
  const held: KeyPersonsRecord = hasher.protect({
    recordId: 'kp-1',
    firmCreditCode: '91330106MA2BBBBB2Y',
    asOf: '2026-10-31',
    persons: [
      { role: 'shareholder', name: '甲网贷公司', personType: 'legal_person', idNumber: holder, sharePct: '51' },
      {
        role: 'shareholder',
        name: '乙投资公司',
        personType: 'legal_person',
        idNumber: '91330100MA2CCCCC3Z',
        sharePct: '49',
      },
      { role: 'legal_representative', name: '李四', personType: 'natural_person', idNumber: '11010519491231002X' },
    ],
  });

  it('should link a supervised firm holding shares of another, and leave every other hash alone', () => {
    const [linked] = withSupervisedHolders([held], new Map([[hasher.hash(holder), holder]]));
    expect(linked.persons.map((p) => p.idNumber)).toEqual([holder, held.persons[1].idNumber, held.persons[2].idNumber]);
    expect(
      buildOwnershipGraph([linked], '2026-10-31').hasEdge(companyKey(holder), companyKey(held.firmCreditCode)),
    ).toBe(true);
    expect(buildOwnershipGraph([held], '2026-10-31').hasEdge(companyKey(holder), companyKey(held.firmCreditCode))).toBe(
      false,
    );
  });

  it('should not turn a natural person into a firm even if the hashes matched', () => {
    const person = held.persons[2].idNumber;
    const [same] = withSupervisedHolders([held], new Map([[person, 'not-a-firm']]));
    expect(same).toBe(held);
  });
});
