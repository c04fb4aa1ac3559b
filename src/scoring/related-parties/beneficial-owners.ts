import { companyKey, ROLE_ZH, type OwnershipGraph, type PartyNode } from './ownership-graph';

/** 受益所有人 threshold: more than 25 % through any chain (穿透), as the anti-money-laundering rules set it. */
export const BENEFICIAL_OWNER_PCT = 25;
/** Paths below this look-through share are dropped: they cannot matter, and they multiply fast. */
export const MIN_PATH_PCT = 0.01;
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

/**
 * 股权穿透: every holder above the firm, with its look-through share - the product of the shares
 * along a chain, summed over the chains. A holder already on the chain is not entered again, so
 * cross-holdings (A holds B, B holds A) end instead of looping; chains thinner than MIN_PATH_PCT
 * and deeper than MAX_LAYERS are cut. Pure.
 */
export function lookThroughOwners(g: OwnershipGraph, firmCreditCode: string): LookThroughOwner[] {
  const start = companyKey(firmCreditCode);
  if (!g.hasNode(start)) return [];
  const owners = new Map<string, LookThroughOwner>();
  const onPath = new Set<string>([start]);
  const heldByOthers = (node: string): boolean => g.someInEdge(node, (_edge, attr, source) => attr.sharePct > 0 && !onPath.has(source));
  const walk = (node: string, fraction: number, chain: string[], depth: number): void => {
    g.forEachInEdge(node, (_edge, attr, source) => {
      if (attr.sharePct <= 0 || onPath.has(source)) return;
      const share = fraction * (attr.sharePct / 100);
      if (share * 100 < MIN_PATH_PCT || depth >= MAX_LAYERS) return;
      const holder = g.getNodeAttributes(source);
      const path = [holder.name, `${ROLE_ZH.shareholder} ${attr.sharePct}%`, ...chain];
      let owner = owners.get(source);
      if (!owner) owners.set(source, (owner = { key: source, name: holder.name, kind: holder.kind, sharePct: 0, ultimate: false, paths: [] }));
      owner.sharePct += share * 100;
      owner.paths.push({ chain: path, sharePct: share * 100 });
      onPath.add(source);
      if (!heldByOthers(source)) owner.ultimate = true;
      walk(source, share, path, depth + 1);
      onPath.delete(source);
    });
  };
  walk(start, 1, [g.getNodeAttributes(start).name], 0);
  return [...owners.values()]
    .map((o) => ({ ...o, sharePct: round(o.sharePct), paths: o.paths.map((p) => ({ ...p, sharePct: round(p.sharePct) })).sort((a, b) => b.sharePct - a.sharePct) }))
    .sort((a, b) => b.sharePct - a.sharePct || a.name.localeCompare(b.name));
}

/** 受益所有人: the ultimate owners holding more than 25 % through any chain. */
export function beneficialOwners(g: OwnershipGraph, firmCreditCode: string): LookThroughOwner[] {
  return lookThroughOwners(g, firmCreditCode).filter((o) => o.ultimate && o.sharePct > BENEFICIAL_OWNER_PCT);
}
