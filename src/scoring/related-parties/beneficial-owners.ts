import { companyKey, ROLE_ZH, type OwnershipGraph, type PartyNode } from './ownership-graph';

/** 受益所有人 threshold: more than 25 % through any chain (穿透), as the anti-money-laundering rules set it. */
export const BENEFICIAL_OWNER_PCT = 25;
/** Paths below this look-through share are dropped: they cannot matter, and they multiply fast. */
export const MIN_PATH_PCT = 0.1;
/** Corporate layers followed at most. */
export const MAX_LAYERS = 12;

/** One chain of holdings from an owner down to the firm, with its look-through share. */
export interface OwnershipPath {
  /** From the owner down to the firm, e.g. ["A", "股东 60%", "B", "股东 50%", "甲公司"]. */
  chain: string[];
  sharePct: number;
}

/** A holder of the firm through one or more chains, with the shares multiplied along each and summed over all. */
export interface LookThroughOwner {
  key: string;
  name: string;
  kind: PartyNode['kind'];
  /** Look-through share of the firm, percent. */
  sharePct: number;
  /** At the top of a chain: nobody (or only holders already on the chain, a cross-holding) holds it in turn. */
  ultimate: boolean;
  paths: OwnershipPath[];
}

const round = (pct: number): number => Math.round(pct * 10_000) / 10_000;

interface Holding {
  source: string;
  fraction: number;
  label: string;
}

/** A step of the walk: the chain is rebuilt from these links only for what is returned. */
interface Step {
  node: string;
  label: string;
  parent: Step | null;
}

// Holders of each node, read once per graph: the walk visits a node many times (once per chain).
const holdingsCache = new WeakMap<OwnershipGraph, Map<string, Holding[]>>();

function holdingsTable(g: OwnershipGraph): Map<string, Holding[]> {
  let table = holdingsCache.get(g);
  if (!table) {
    table = new Map();
    for (const node of g.nodes()) table.set(node, []);
    g.forEachEdge((_edge, attr, source, target) => {
      if (attr.sharePct > 0)
        table!
          .get(target)!
          .push({ source, fraction: attr.sharePct / 100, label: `${ROLE_ZH.shareholder} ${attr.sharePct}%` });
    });
    holdingsCache.set(g, table);
  }
  return table;
}

function chainOf(g: OwnershipGraph, step: Step): string[] {
  const chain: string[] = [];
  for (let s: Step | null = step; s; s = s.parent) {
    chain.push(g.getNodeAttribute(s.node, 'name'));
    if (s.parent) chain.push(s.label);
  }
  return chain;
}

/**
 * 股权穿透: every holder above the firm, with its look-through share - the product of the shares
 * along a chain, summed over the chains. A holder already on the chain is not entered again, so
 * cross-holdings (A holds B, B holds A) end instead of looping; chains thinner than MIN_PATH_PCT
 * and deeper than MAX_LAYERS are cut. The graph must not change between calls (holders are
 * cached per graph). Pure.
 */
export function lookThroughOwners(
  g: OwnershipGraph,
  firmCreditCode: string,
  keep: (owner: { sharePct: number; ultimate: boolean }) => boolean = () => true,
): LookThroughOwner[] {
  const start = companyKey(firmCreditCode);
  if (!g.hasNode(start)) return [];
  const holdings = holdingsTable(g);
  const found = new Map<string, { share: number; ultimate: boolean; paths: Array<{ step: Step; share: number }> }>();
  const onPath = new Set<string>([start]);
  const heldByOthers = (list: readonly Holding[]): boolean => {
    for (const h of list) if (!onPath.has(h.source)) return true;
    return false;
  };
  const walk = (step: Step, fraction: number, depth: number): void => {
    if (depth >= MAX_LAYERS) return;
    for (const h of holdings.get(step.node)!) {
      const share = fraction * h.fraction;
      if (share * 100 < MIN_PATH_PCT || onPath.has(h.source)) continue;
      const next: Step = { node: h.source, label: h.label, parent: step };
      let owner = found.get(h.source);
      if (!owner) found.set(h.source, (owner = { share: 0, ultimate: false, paths: [] }));
      owner.share += share;
      owner.paths.push({ step: next, share });
      const above = holdings.get(h.source)!;
      if (above.length === 0) {
        owner.ultimate = true;
        continue;
      }
      onPath.add(h.source);
      if (!owner.ultimate && !heldByOthers(above)) owner.ultimate = true;
      walk(next, share, depth + 1);
      onPath.delete(h.source);
    }
  };
  walk({ node: start, label: '', parent: null }, 1, 0);
  // Chains are spelled out only for the owners kept: a wide graph has many thin ones.
  return [...found]
    .filter(([, o]) => keep({ sharePct: o.share * 100, ultimate: o.ultimate }))
    .map(([key, o]) => {
      const attr = g.getNodeAttributes(key);
      const paths = o.paths
        .map((p) => ({ chain: chainOf(g, p.step), sharePct: round(p.share * 100) }))
        .sort((a, b) => b.sharePct - a.sharePct);
      return { key, name: attr.name, kind: attr.kind, sharePct: round(o.share * 100), ultimate: o.ultimate, paths };
    })
    .sort((a, b) => b.sharePct - a.sharePct || a.name.localeCompare(b.name));
}

/** 受益所有人: the ultimate owners holding more than 25 % through any chain. */
export function beneficialOwners(g: OwnershipGraph, firmCreditCode: string): LookThroughOwner[] {
  return lookThroughOwners(g, firmCreditCode, (o) => o.ultimate && o.sharePct > BENEFICIAL_OWNER_PCT).filter(
    (o) => o.sharePct > BENEFICIAL_OWNER_PCT,
  );
}
