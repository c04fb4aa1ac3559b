import type { KeyPersonsRecord } from '../../ingest/schemas/records';

/**
 * Intake keyed-hashes every identity number, a corporate shareholder's credit code included, so a
 * supervised firm holding shares of another would be a stranger to the ownership graph. Given the
 * hash of each supervised firm's credit code, put those holders back under their credit code: the
 * holder and the firm become one node, and risk propagates through corporate holdings too.
 */
export function withSupervisedHolders(records: readonly KeyPersonsRecord[], creditCodeByHash: ReadonlyMap<string, string>): KeyPersonsRecord[] {
  const supervised = (p: KeyPersonsRecord['persons'][number]) => p.personType === 'legal_person' && creditCodeByHash.has(p.idNumber);
  return records.map((r) =>
    r.persons.some(supervised) ? { ...r, persons: r.persons.map((p) => (supervised(p) ? { ...p, idNumber: creditCodeByHash.get(p.idNumber)! } : p)) } : r,
  );
}
