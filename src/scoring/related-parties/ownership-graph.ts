import Graph from 'graphology';
import type { IsoDate, KeyPersonRole, KeyPersonsRecord } from '../../ingest/schemas/records';

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

/**
 * Build the graph of firms, persons and corporate shareholders from the latest key-persons list
 * of each firm on or before asOf. A legal-person shareholder is keyed by its credit code, so a
 * supervised firm holding another firm's shares is the same node in both roles.
 */
export function buildOwnershipGraph(records: readonly KeyPersonsRecord[], asOf: IsoDate, names: ReadonlyMap<string, string> = new Map()): OwnershipGraph {
  const latest = new Map<string, KeyPersonsRecord>();
  for (const r of records) {
    if (r.asOf > asOf) continue;
    const prev = latest.get(r.firmCreditCode);
    if (!prev || r.asOf >= prev.asOf) latest.set(r.firmCreditCode, r);
  }
  const g: OwnershipGraph = new Graph<PartyNode, RoleEdge>({ type: 'directed', multi: false, allowSelfLoops: false });
  for (const code of latest.keys()) g.mergeNode(companyKey(code), { kind: 'firm', name: names.get(code) ?? code, supervised: true });
  for (const r of latest.values()) {
    const firm = companyKey(r.firmCreditCode);
    for (const p of r.persons) {
      const key = p.personType === 'natural_person' ? personKey(p.idNumber) : companyKey(p.idNumber);
      if (key === firm) continue;
      if (!g.hasNode(key)) g.addNode(key, { kind: p.personType === 'natural_person' ? 'person' : 'company', name: p.name, supervised: false });
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
  return g;
}
