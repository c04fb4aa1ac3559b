import type { PropagationFlag } from '../grading/composite-score';
import { companyKey, ROLE_ZH, type OwnershipGraph } from './ownership-graph';

/** Paths longer than this (edges) are too remote to flag: firm ← person → firm is 2. */
export const MAX_PROPAGATION_EDGES = 4;

function edgeLabel(g: OwnershipGraph, from: string, to: string): string {
  const edge = g.hasEdge(from, to) ? g.getEdgeAttributes(from, to) : g.getEdgeAttributes(to, from);
  return edge.roles
    .map((r) => (r === 'shareholder' && edge.sharePct > 0 ? `${ROLE_ZH[r]}${edge.sharePct}%` : ROLE_ZH[r]))
    .join('/');
}

/**
 * "A ←实控人 张三→ B": stepping up to a holder shows "←role holder"; stepping down to the firm it
 * holds shows "→ firm", with the role spelled out only when it differs from the step up.
 */
function renderPath(g: OwnershipGraph, path: readonly string[]): string {
  let out = g.getNodeAttributes(path[0]).name;
  let upLabel = '';
  for (let i = 1; i < path.length; i += 1) {
    const [a, b] = [path[i - 1], path[i]];
    const label = edgeLabel(g, a, b);
    const name = g.getNodeAttributes(b).name;
    if (g.hasEdge(b, a)) {
      out += ` ←${label} ${name}`;
      upLabel = label;
    } else {
      out += label === upLabel ? `→ ${name}` : ` —${label}→ ${name}`;
      upLabel = '';
    }
  }
  return out;
}

/**
 * Firms related to a red firm through shared persons, shareholders or controllers, each with the
 * shortest path as the reason. Breadth-first from every red firm over the graph without
 * direction, through persons and companies (a holding company may itself report key persons),
 * up to MAX_PROPAGATION_EDGES edges.
 */
export function propagateRedRisk(g: OwnershipGraph, redFirmCodes: readonly string[]): Map<string, PropagationFlag[]> {
  const flags = new Map<string, PropagationFlag[]>();
  for (const red of redFirmCodes) {
    const start = companyKey(red);
    if (!g.hasNode(start)) continue;
    const previous = new Map<string, string>([[start, '']]);
    let frontier = [start];
    for (let depth = 0; depth < MAX_PROPAGATION_EDGES && frontier.length > 0; depth += 1) {
      const next: string[] = [];
      for (const node of frontier) {
        g.forEachNeighbor(node, (neighbour) => {
          if (previous.has(neighbour)) return;
          previous.set(neighbour, node);
          next.push(neighbour);
        });
      }
      frontier = next;
    }
    for (const [node] of previous) {
      if (node === start || g.getNodeAttributes(node).kind !== 'firm') continue;
      const path: string[] = [];
      for (let at = node; at !== ''; at = previous.get(at) ?? '') path.unshift(at);
      // Present the path from the flagged firm towards the red one.
      const flag = { fromFirm: red, path: renderPath(g, path.reverse()) };
      const code = node.slice('company:'.length);
      flags.set(code, [...(flags.get(code) ?? []), flag]);
    }
  }
  return flags;
}
