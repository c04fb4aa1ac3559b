import { companyKey, ROLE_ZH, type OwnershipGraph } from './ownership-graph';

/** An ultimate controller (最终控制人) and the chain from it down to the firm. */
export interface UltimateController {
  key: string;
  name: string;
  kind: 'person' | 'company' | 'firm';
  /** From the controller down to the firm, e.g. ["张三", "实控人", "甲公司", "股东 60%", "乙公司"]. */
  chain: string[];
}

const CONTROL_SHARE_PCT = 50;

/** Who controls a node directly: holders of more than 50 %, or anyone named actual controller. */
function directControllers(g: OwnershipGraph, node: string): Array<{ key: string; label: string }> {
  const out: Array<{ key: string; label: string }> = [];
  g.forEachInEdge(node, (_edge, attr, source) => {
    if (attr.roles.includes('actual_controller')) out.push({ key: source, label: ROLE_ZH.actual_controller });
    else if (attr.sharePct > CONTROL_SHARE_PCT)
      out.push({ key: source, label: `${ROLE_ZH.shareholder} ${attr.sharePct}%` });
  });
  return out;
}

/**
 * 穿透: follow control upward through corporate layers until a node has no controller of its
 * own (a natural person, or a company whose holders are all below 50 %). Cycles of cross-holdings
 * are cut where a node repeats on the path; the last node before the cycle is then the controller.
 */
export function ultimateControllers(g: OwnershipGraph, firmCreditCode: string): UltimateController[] {
  const start = companyKey(firmCreditCode);
  if (!g.hasNode(start)) return [];
  const found = new Map<string, UltimateController>();
  const walk = (node: string, path: string[], chain: string[]): void => {
    const controllers = directControllers(g, node).filter((c) => !path.includes(c.key));
    if (controllers.length === 0) {
      if (node === start) return; // nobody controls the firm
      const attr = g.getNodeAttributes(node);
      if (!found.has(node)) found.set(node, { key: node, name: attr.name, kind: attr.kind, chain });
      return;
    }
    for (const c of controllers) walk(c.key, [...path, c.key], [g.getNodeAttributes(c.key).name, c.label, ...chain]);
  };
  walk(start, [start], [g.getNodeAttributes(start).name]);
  return [...found.values()];
}
