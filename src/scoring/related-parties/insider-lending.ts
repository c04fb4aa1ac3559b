import type { ContractRecord, IsoDate, P2pReport } from '../../ingest/schemas/records';
import type { FirmHistory } from '../features/firm-history';
import { yuan } from '../features/firm-history';
import { KEYED_HASH_PREFIX } from '../../ingest/intake/identity-hasher';
import { lookThroughOwners } from './beneficial-owners';
import { companyKey, latestShareholdings, ROLE_ZH, type OwnershipGraph } from './ownership-graph';

/** An insider (内部人) of the firm: a controller, key person, shareholder or related firm, by keyed id hash. */
export interface Insider {
  idHash: string;
  name: string;
  /** From the insider down to the firm, e.g. ["张三", "实控人", "甲公司"]. */
  path: string[];
}

/** A loan or guarantee to an insider found in the firm's contracts or large-borrower list (自融 / 关联借款). */
export interface InsiderLoan {
  source: 'contract' | 'large_borrower';
  /** The contract id, or the report id of the large-borrower list. */
  ref: string;
  counterpartyRole: 'borrower' | 'guaranteed';
  counterparty: string;
  /** Outstanding principal (contracts) or balance (large borrowers), yuan. */
  amount: number;
  /** From the insider down to the firm: why the counterparty is an insider. */
  path: string[];
}

const REGISTRY_ROLE_ZH = {
  legal_representative: '法定代表人',
  director: '董事',
  supervisor: '监事',
  manager: '经理',
} as const;

/**
 * The firm's own insiders from its latest key-persons list and its latest registry lists
 * (shareholders and officers), on or before asOf; `extra` adds those the ownership graph finds
 * further away (owners through corporate layers, related firms). Pure.
 */
export function insidersOf(h: FirmHistory, asOf: IsoDate, extra: readonly Insider[] = []): Map<string, Insider> {
  const firmName = h.firm.name ?? h.firm.creditCode;
  const out = new Map<string, Insider>();
  const add = (idHash: string | undefined, name: string, role: string) => {
    if (!idHash) return;
    const known = out.get(idHash);
    if (known) {
      if (!known.path[1].split('/').includes(role)) known.path[1] += `/${role}`;
    } else out.set(idHash, { idHash, name, path: [name, role, firmName] });
  };
  const persons = h.keyPersons
    .filter((k) => k.asOf <= asOf)
    .sort((a, b) => a.asOf.localeCompare(b.asOf))
    .at(-1);
  for (const p of persons?.persons ?? [])
    add(
      p.idNumber,
      p.name,
      p.role === 'shareholder' && p.sharePct ? `${ROLE_ZH.shareholder} ${p.sharePct}%` : ROLE_ZH[p.role],
    );
  const registry = latestShareholdings(h.registry, asOf).get(h.firm.creditCode);
  for (const s of registry?.shareholders ?? []) add(s.idNumber, s.name, `${ROLE_ZH.shareholder} ${s.sharePct}%`);
  const officers = h.registry
    .filter((e) => e.officers && e.occurredAt <= asOf)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
    .at(-1);
  for (const o of officers?.officers ?? []) add(o.idNumber, o.name, REGISTRY_ROLE_ZH[o.role]);
  for (const i of extra) if (!out.has(i.idHash)) out.set(i.idHash, i);
  return out;
}

const COUNTERPARTY: Partial<Record<ContractRecord['contractType'], 'borrower' | 'guaranteed'>> = {
  loan: 'borrower',
  guarantee: 'guaranteed',
};

/**
 * 自融 / insider lending: contracts in force on asOf whose borrower (or guaranteed party) is an
 * insider, and entries of the latest P2P large-borrower list that are. Matched on the keyed hash
 * intake stores, never on names. Pure.
 */
export function insiderLoans(h: FirmHistory, asOf: IsoDate, insiders: ReadonlyMap<string, Insider>): InsiderLoan[] {
  if (insiders.size === 0) return [];
  const out: InsiderLoan[] = [];
  for (const c of h.contracts) {
    const role = COUNTERPARTY[c.contractType];
    if (!role || c.signedAt > asOf || c.startDate > asOf || c.endDate < asOf) continue;
    for (const p of c.parties) {
      const insider = p.role === role ? insiders.get(p.idNumber) : undefined;
      if (insider)
        out.push({
          source: 'contract',
          ref: c.contractId,
          counterpartyRole: role,
          counterparty: p.name,
          amount: yuan(c.principal),
          path: insider.path,
        });
    }
  }
  const latest = (h.reports as P2pReport[])
    .filter((r) => r.periodEnd <= asOf && Array.isArray(r.largeBorrowers))
    .at(-1);
  for (const b of latest?.largeBorrowers ?? []) {
    const insider = insiders.get(b.idNumber);
    if (insider)
      out.push({
        source: 'large_borrower',
        ref: latest!.reportId,
        counterpartyRole: 'borrower',
        counterparty: insider.name,
        amount: yuan(b.outstanding),
        path: insider.path,
      });
  }
  return out;
}

/** Balance lent to insiders (borrowers) and guaranteed for insiders, yuan; an insider in both a contract and the large-borrower list counts once. */
export function insiderBalances(loans: readonly InsiderLoan[]): { lent: number; guaranteed: number } {
  let lent = 0;
  let guaranteed = 0;
  const byContract = new Set(loans.filter((l) => l.source === 'contract').map((l) => l.path[0]));
  const seen = new Set<string>();
  for (const l of loans) {
    const key = `${l.source}:${l.ref}:${l.path[0]}`;
    if (seen.has(key) || (l.source === 'large_borrower' && byContract.has(l.path[0]))) continue;
    seen.add(key);
    if (l.counterpartyRole === 'borrower') lent += l.amount;
    else guaranteed += l.amount;
  }
  return { lent, guaranteed };
}

/**
 * Insiders the ownership graph finds beyond the firm's own lists: owners through corporate layers
 * (with their chain) and supervised firms sharing a person or holder with it (B ←董事 张三 实控人→ A).
 * Supervised firms are graph nodes under their credit code; `hashOfCode` gives the keyed hash
 * contracts carry. Pure.
 */
export function graphInsiders(
  g: OwnershipGraph,
  firmCreditCode: string,
  hashOfCode: (creditCode: string) => string,
): Insider[] {
  const firm = companyKey(firmCreditCode);
  if (!g.hasNode(firm)) return [];
  const idHashOf = (key: string): string | undefined => {
    if (key.startsWith('person:')) return key.slice('person:'.length);
    if (!key.startsWith('company:')) return undefined; // a holder known by name only cannot be matched
    const id = key.slice('company:'.length);
    return id.startsWith(KEYED_HASH_PREFIX) ? id : hashOfCode(id);
  };
  const out: Insider[] = [];
  for (const owner of lookThroughOwners(g, firmCreditCode)) {
    const idHash = idHashOf(owner.key);
    if (idHash) out.push({ idHash, name: owner.name, path: owner.paths[0].chain });
  }
  const roles = (from: string, to: string) =>
    g
      .getEdgeAttributes(from, to)
      .roles.map((r) => ROLE_ZH[r])
      .join('/');
  const firmName = g.getNodeAttributes(firm).name;
  g.forEachInNeighbor(firm, (party) => {
    g.forEachOutNeighbor(party, (other, attr) => {
      if (other === firm || !attr.supervised) return;
      const idHash = idHashOf(other);
      if (idHash)
        out.push({
          idHash,
          name: attr.name,
          path: [attr.name, roles(party, other), g.getNodeAttributes(party).name, roles(party, firm), firmName],
        });
    });
  });
  return out;
}
