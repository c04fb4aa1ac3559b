import Graph from 'graphology';
import type { ContractRecord, IsoDate } from '../../ingest/schemas/records';
import { yuan } from '../features/firm-history';

/** A party of a circle or chain, by name (the keyed id hash stays inside); supervised firms carry their credit code. */
export interface GuaranteeParty {
  name: string;
  firmCreditCode?: string;
}

/** guarantor → guaranteed (indexes into the members), with the contracts in force behind it. */
export interface GuaranteeLink {
  guarantor: number;
  guaranteed: number;
  contractIds: string[];
  principal: number;
}

/**
 * 互保 / 联保 structure: a circle (every member guarantees, through the others, for itself - one
 * default runs round the whole circle) or a chain (A for B for C ..., no way back) of at least
 * three parties. Each is a finding-like signal with its members.
 */
export interface GuaranteeStructure {
  kind: 'circle' | 'chain';
  members: GuaranteeParty[];
  links: GuaranteeLink[];
}

type GuaranteeGraph = Graph<{ name: string; firmCreditCode?: string }, { contractIds: string[]; principal: number }>;

/** Chains are maximal paths: on dense graphs they multiply, so at most this many are reported. */
export const MAX_CHAINS = 1000;
const MIN_CHAIN_MEMBERS = 3;

/**
 * The guarantee graph from contracts in force on asOf: an edge from each guarantor to each
 * guaranteed party of a guarantee contract. Parties are keyed by the hash intake stores;
 * `supervised` maps the hash of a supervised firm's credit code to the firm.
 */
export function buildGuaranteeGraph(
  contracts: readonly ContractRecord[],
  asOf: IsoDate,
  supervised: ReadonlyMap<string, { creditCode: string; name: string }> = new Map(),
): GuaranteeGraph {
  const g: GuaranteeGraph = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  const node = (idHash: string, name: string) => {
    const firm = supervised.get(idHash);
    if (!g.hasNode(idHash)) g.addNode(idHash, firm ? { name: firm.name, firmCreditCode: firm.creditCode } : { name });
  };
  for (const c of contracts) {
    if (c.contractType !== 'guarantee' || c.startDate > asOf || c.endDate < asOf || c.signedAt > asOf) continue;
    const guarantors = c.parties.filter((p) => p.role === 'guarantor');
    const guaranteed = c.parties.filter((p) => p.role === 'guaranteed');
    for (const a of guarantors) {
      for (const b of guaranteed) {
        if (a.idNumber === b.idNumber) continue;
        node(a.idNumber, a.name);
        node(b.idNumber, b.name);
        if (g.hasEdge(a.idNumber, b.idNumber)) {
          const e = g.getEdgeAttributes(a.idNumber, b.idNumber);
          if (!e.contractIds.includes(c.contractId)) {
            e.contractIds.push(c.contractId);
            e.principal += yuan(c.principal);
          }
        } else g.addEdge(a.idNumber, b.idNumber, { contractIds: [c.contractId], principal: yuan(c.principal) });
      }
    }
  }
  return g;
}

/** Strongly connected components (Tarjan, iterative: no recursion limit on long chains). */
function stronglyConnected(g: GuaranteeGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of g.nodes()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; neighbours: string[]; i: number }> = [];
    const open = (node: string) => {
      index.set(node, next);
      low.set(node, next++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, neighbours: g.outNeighbors(node), i: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.neighbours.length) {
        const w = frame.neighbours[frame.i++];
        if (!index.has(w)) open(w);
        else if (onStack.has(w)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0)
        low.set(work[work.length - 1].node, Math.min(low.get(work[work.length - 1].node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        out.push(component);
      }
    }
  }
  return out;
}

/**
 * Guarantee circles (互保圈/联保圈: strongly connected groups of two or more parties) and chains
 * (maximal paths of at least three parties outside any circle). Only structures with a
 * supervised firm among their members are reported. Pure.
 */
export function guaranteeStructures(g: GuaranteeGraph): GuaranteeStructure[] {
  const party = (key: string): GuaranteeParty => ({ ...g.getNodeAttributes(key) });
  const link = (members: readonly string[], a: string, b: string): GuaranteeLink => {
    const { contractIds, principal } = g.getEdgeAttributes(a, b);
    return { guarantor: members.indexOf(a), guaranteed: members.indexOf(b), contractIds: [...contractIds], principal };
  };
  const supervisedIn = (keys: readonly string[]) =>
    keys.some((k) => g.getNodeAttribute(k, 'firmCreditCode') !== undefined);
  const out: GuaranteeStructure[] = [];
  const inCircle = new Set<string>();
  for (const component of stronglyConnected(g)) {
    if (component.length < 2) continue;
    for (const k of component) inCircle.add(k);
    if (!supervisedIn(component)) continue;
    const members = [...component].sort();
    const inside = new Set(component);
    const links = members.flatMap((a) =>
      g
        .outNeighbors(a)
        .filter((b) => inside.has(b))
        .map((b) => link(members, a, b)),
    );
    out.push({ kind: 'circle', members: members.map(party), links });
  }
  // Chains: maximal paths through the parties outside circles, from those nobody outside a circle guarantees.
  const free = (k: string) => !inCircle.has(k);
  const next = (k: string) => g.outNeighbors(k).filter(free);
  let chains = 0;
  for (const start of g.nodes()) {
    if (!free(start) || g.inNeighbors(start).some(free) || next(start).length === 0) continue;
    const path = [start];
    const extend = (): void => {
      if (chains >= MAX_CHAINS) return;
      const last = path[path.length - 1];
      const onward = next(last);
      if (onward.length === 0) {
        if (path.length >= MIN_CHAIN_MEMBERS && supervisedIn(path)) {
          chains += 1;
          out.push({
            kind: 'chain',
            members: path.map(party),
            links: path.slice(1).map((b, i) => link(path, path[i], b)),
          });
        }
        return;
      }
      for (const w of onward) {
        path.push(w);
        extend();
        path.pop();
      }
    };
    extend();
  }
  return out;
}
