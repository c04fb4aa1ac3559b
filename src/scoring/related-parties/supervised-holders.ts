import type { KeyPersonsRecord, RegistryEvent } from '../../ingest/schemas/records';

/**
 * Intake keyed-hashes every identity number, a corporate shareholder's credit code included, so a
 * supervised firm holding shares of another would be a stranger to the ownership graph. Given the
 * hash of each supervised firm's credit code, put those holders back under their credit code: the
 * holder and the firm become one node, and risk propagates through corporate holdings too.
 */
export function withSupervisedHolders(
  records: readonly KeyPersonsRecord[],
  creditCodeByHash: ReadonlyMap<string, string>,
): KeyPersonsRecord[] {
  const supervised = (p: KeyPersonsRecord['persons'][number]) =>
    p.personType === 'legal_person' && creditCodeByHash.has(p.idNumber);
  return records.map((r) =>
    r.persons.some(supervised)
      ? {
          ...r,
          persons: r.persons.map((p) => (supervised(p) ? { ...p, idNumber: creditCodeByHash.get(p.idNumber)! } : p)),
        }
      : r,
  );
}

/** The same for the registry's shareholder lists: a supervised corporate holder under its credit code. */
export function withSupervisedRegistryHolders(
  events: readonly RegistryEvent[],
  creditCodeByHash: ReadonlyMap<string, string>,
): RegistryEvent[] {
  type Holder = NonNullable<RegistryEvent['shareholders']>[number];
  const supervised = (h: Holder) =>
    h.holderType === 'legal_person' && h.idNumber !== undefined && creditCodeByHash.has(h.idNumber);
  return events.map((e) =>
    e.shareholders?.some(supervised)
      ? {
          ...e,
          shareholders: e.shareholders.map((h) =>
            supervised(h) ? { ...h, idNumber: creditCodeByHash.get(h.idNumber!)! } : h,
          ),
        }
      : e,
  );
}
