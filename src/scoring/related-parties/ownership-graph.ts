import Graph from 'graphology';
import type { IsoDate, KeyPersonRole, KeyPersonsRecord, RegistryEvent } from '../../ingest/schemas/records';

/** A node: a supervised firm, a natural person, or a corporate shareholder (itself maybe a firm). */
export interface PartyNode {
  kind: 'firm' | 'person' | 'company';
  name: string;
  /** Supervised by the bureau (has its own KeyPersonsRecord). */
  supervised: boolean;
}

/** A directed edge party → firm: the roles the party holds in the firm and its share. */
export interface RoleEdge {
  roles: KeyPersonRole[];
  sharePct: number;
}

export type OwnershipGraph = Graph<PartyNode, RoleEdge>;

export const ROLE_ZH: Readonly<Record<KeyPersonRole, string>> = {
  legal_representative: '法定代表人',
  actual_controller: '实控人',
  shareholder: '股东',
  director: '董事',
  supervisor: '监事',
  manager: '高管',
};

/** Node keys: persons by their keyed id hash, companies and firms by credit code, in one space. */
export const personKey = (idHash: string): string => `person:${idHash}`;
export const companyKey = (creditCode: string): string => `company:${creditCode}`;
/** A holder the registry names without an id: a company name is unique enough, a person's name only within one firm. */
const namedHolderKey = (firmCreditCode: string, holder: RegistryShareholder): string =>
  holder.holderType === 'legal_person' ? `company-name:${holder.name}` : `person-name:${firmCreditCode}:${holder.name}`;

type RegistryShareholder = NonNullable<RegistryEvent['shareholders']>[number];

/** The latest registry event carrying a shareholder list of each firm, on or before asOf (工商股东名录). */
export function latestShareholdings(events: readonly RegistryEvent[], asOf: IsoDate): Map<string, RegistryEvent> {
  const latest = new Map<string, RegistryEvent>();
  for (const e of events) {
    if (!e.shareholders || e.occurredAt > asOf) continue;
    const prev = latest.get(e.firmCreditCode);
    if (!prev || e.occurredAt >= prev.occurredAt) latest.set(e.firmCreditCode, e);
  }
  return latest;
}

/**
 * Build the graph of firms, persons and corporate shareholders from the latest key-persons list
 * of each firm on or before asOf. A legal-person shareholder is keyed by its credit code, so a
 * supervised firm holding another firm's shares is the same node in both roles.
 */
export function buildOwnershipGraph(
  records: readonly KeyPersonsRecord[],
  asOf: IsoDate,
  names: ReadonlyMap<string, string> = new Map(),
  registry: readonly RegistryEvent[] = [],
): OwnershipGraph {
  const latest = new Map<string, KeyPersonsRecord>();
  for (const r of records) {
    if (r.asOf > asOf) continue;
    const prev = latest.get(r.firmCreditCode);
    if (!prev || r.asOf >= prev.asOf) latest.set(r.firmCreditCode, r);
  }
  const g: OwnershipGraph = new Graph<PartyNode, RoleEdge>({ type: 'directed', multi: false, allowSelfLoops: false });
  for (const code of latest.keys())
    g.mergeNode(companyKey(code), { kind: 'firm', name: names.get(code) ?? code, supervised: true });
  for (const r of latest.values()) {
    const firm = companyKey(r.firmCreditCode);
    for (const p of r.persons) {
      const key = p.personType === 'natural_person' ? personKey(p.idNumber) : companyKey(p.idNumber);
      if (key === firm) continue;
      if (!g.hasNode(key))
        g.addNode(key, {
          kind: p.personType === 'natural_person' ? 'person' : 'company',
          name: p.name,
          supervised: false,
        });
      const share = p.sharePct !== undefined ? Number(p.sharePct) : 0;
      const existing = g.hasEdge(key, firm) ? g.getEdgeAttributes(key, firm) : undefined;
      if (existing) {
        if (!existing.roles.includes(p.role)) existing.roles.push(p.role);
        existing.sharePct = Math.max(existing.sharePct, Number.isFinite(share) ? share : 0);
      } else {
        g.addEdge(key, firm, { roles: [p.role], sharePct: Number.isFinite(share) ? share : 0 });
      }
    }
  }
  for (const e of latestShareholdings(registry, asOf).values()) addRegisteredHoldings(g, e, names);
  return g;
}

/**
 * The registry's shareholder list is the government's record of who holds what: it replaces the
 * shares the firm declared (roles such as 实控人 stay), and adds holders the firm did not declare.
 */
function addRegisteredHoldings(g: OwnershipGraph, e: RegistryEvent, names: ReadonlyMap<string, string>): void {
  const firm = companyKey(e.firmCreditCode);
  if (!g.hasNode(firm))
    g.addNode(firm, { kind: 'firm', name: names.get(e.firmCreditCode) ?? e.firmCreditCode, supervised: true });
  g.forEachInEdge(firm, (_edge, attr) => {
    attr.sharePct = 0;
  });
  for (const h of e.shareholders ?? []) {
    const key = h.idNumber
      ? h.holderType === 'natural_person'
        ? personKey(h.idNumber)
        : companyKey(h.idNumber)
      : namedHolderKey(e.firmCreditCode, h);
    if (key === firm) continue;
    const share = Number(h.sharePct);
    if (!g.hasNode(key))
      g.addNode(key, {
        kind: h.holderType === 'natural_person' ? 'person' : 'company',
        name: h.name,
        supervised: false,
      });
    if (g.hasEdge(key, firm)) {
      const attr = g.getEdgeAttributes(key, firm);
      if (!attr.roles.includes('shareholder')) attr.roles.push('shareholder');
      attr.sharePct += Number.isFinite(share) ? share : 0;
    } else {
      g.addEdgeWithKey(`${key}>${firm}`, key, firm, {
        roles: ['shareholder'],
        sharePct: Number.isFinite(share) ? share : 0,
      }); // an explicit key: graphology's generator is the slow part of a 100,000-edge build
    }
  }
}
