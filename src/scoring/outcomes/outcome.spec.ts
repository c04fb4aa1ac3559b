import type { CourtEvent } from '../../ingest/schemas/records';
import { courtOutcomes, firstOutcomeDates, licenceOutcome, registryOutcome } from './outcome';

const suit = (id: string, day: string, over: Partial<CourtEvent> = {}): CourtEvent => ({
  eventId: id,
  firmCreditCode: '91330100MA2XXXXXX1',
  occurredAt: day,
  caseNumber: `(2025)浙0102民初${id}号`,
  type: 'lawsuit',
  subject: 'firm',
  plaintiffRole: 'lender',
  ...over,
});

describe('outcomes from the feeds', () => {
  it('should date a run at the fifth lender suit within 30 days', () => {
    const events = [
      suit('1', '2025-03-01'),
      suit('2', '2025-03-05'),
      suit('3', '2025-03-10'),
      suit('4', '2025-03-20'),
      suit('5', '2025-03-28'),
      suit('6', '2025-03-29'),
    ];
    expect(courtOutcomes('f', events)).toEqual([
      expect.objectContaining({ outcome: 'run', occurredOn: '2025-03-28', sourceRef: '5' }),
    ]);
  });

  it('should not make a run of five suits spread over more than 30 days, nor of suits by others', () => {
    const spread = ['2025-01-01', '2025-01-20', '2025-02-05', '2025-02-25', '2025-03-20'].map((d, i) =>
      suit(String(i), d),
    );
    expect(courtOutcomes('f', spread)).toEqual([]);
    const suppliers = ['01', '02', '03', '04', '05'].map((d) => suit(d, `2025-03-${d}`, { plaintiffRole: 'supplier' }));
    expect(courtOutcomes('f', suppliers)).toEqual([]);
  });

  it('should make deregistration an exit and a revoked licence licence_revoked', () => {
    expect(
      registryOutcome('f', { eventId: 'R1', firmCreditCode: 'x', occurredAt: '2025-05-01', type: 'deregistration' }),
    ).toMatchObject({ outcome: 'exit', occurredOn: '2025-05-01', source: 'registry' });
    expect(
      registryOutcome('f', { eventId: 'R2', firmCreditCode: 'x', occurredAt: '2025-05-01', type: 'address_change' }),
    ).toBeNull();
    expect(licenceOutcome('f', { id: 'L1', toStatus: 'revoked', changedOn: '2025-06-01' })).toMatchObject({
      outcome: 'licence_revoked',
      source: 'licence',
    });
    expect(licenceOutcome('f', { id: 'L2', toStatus: 'suspended', changedOn: '2025-06-01' })).toBeNull();
  });

  it('should label a firm by its first outcome', () => {
    expect(
      firstOutcomeDates([
        { firmId: 'a', occurredOn: '2025-05-01' },
        { firmId: 'a', occurredOn: '2025-03-01' },
      ]),
    ).toEqual(new Map([['a', '2025-03-01']]));
  });
});
