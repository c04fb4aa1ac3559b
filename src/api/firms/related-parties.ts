import type { IsoDate, KeyPersonRole, KeyPersonsRecord } from '../../ingest/schemas/records';
import { buildOwnershipGraph, ROLE_ZH } from '../../scoring/related-parties/ownership-graph';
import { ultimateControllers } from '../../scoring/related-parties/ultimate-controllers';

export interface KnownFirm {
  creditCode: string;
  name: string;
  regionCode: string;
}

/** 最终控制人: who controls the firm at the end of the ownership chain, by name (never by id). */
export interface ControllerView {
  name: string;
  kind: 'person' | 'company' | 'firm';
  /** From the controller down to the firm, e.g. ["张三", "实控人", "甲公司"]. */
  chain: string[];
}

/** 关联方: another supervised firm sharing a person or corporate holder with this one. */
export interface RelatedFirm extends KnownFirm {
  via: Array<{
    name: string;
    personType: 'natural_person' | 'legal_person';
    rolesHere: string[];
    rolesThere: string[];
  }>;
}

const rolesOf = (record: KeyPersonsRecord, idNumber: string): KeyPersonRole[] => [
  ...new Set(record.persons.filter((p) => p.idNumber === idNumber).map((p) => p.role)),
];

/**
 * Controllers and related firms of one firm, from its latest key-persons list and those of the
 * firms sharing a party with it (matched on the keyed identity hash). Pure.
 */
export function relationsOf(
  firm: KnownFirm,
  own: KeyPersonsRecord,
  others: ReadonlyArray<{ firm: KnownFirm; keyPersons: KeyPersonsRecord }>,
  asOf: IsoDate,
): { controllers: ControllerView[]; related: RelatedFirm[] } {
  const names = new Map([firm, ...others.map((o) => o.firm)].map((f) => [f.creditCode, f.name]));
  const graph = buildOwnershipGraph([own, ...others.map((o) => o.keyPersons)], asOf, names);
  const controllers = ultimateControllers(graph, own.firmCreditCode).map(({ name, kind, chain }) => ({
    name,
    kind,
    chain,
  }));
  const related = others.map(({ firm, keyPersons }) => {
    const shared = [...new Set(keyPersons.persons.map((p) => p.idNumber))].filter((id) =>
      own.persons.some((p) => p.idNumber === id),
    );
    const via = shared.map((id) => {
      const person = own.persons.find((p) => p.idNumber === id)!;
      return {
        name: person.name,
        personType: person.personType,
        rolesHere: rolesOf(own, id).map((r) => ROLE_ZH[r]),
        rolesThere: rolesOf(keyPersons, id).map((r) => ROLE_ZH[r]),
      };
    });
    return { ...firm, via };
  });
  return { controllers, related: related.filter((r) => r.via.length > 0) };
}
