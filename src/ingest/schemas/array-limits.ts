// Array lengths checked before the schema validator runs: with every error collected, a list of
// 200,000 empty objects would make millions of errors (and a response of tens of megabytes) for a
// list that is refused by its length alone.
import { FieldProblem } from '../../platform/errors/domain-error';
import { pointerOf, type PathNode } from './json-text';

interface ArraySchemaNode {
  type?: unknown;
  maxItems?: number;
  items?: ArraySchemaNode;
  properties?: Record<string, ArraySchemaNode>;
}

/** Arrays longer than their schema's maxItems, by JSON Pointer; deeper levels are looked at only within limits. */
export function overlongArrays(schema: object, value: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // Pointers are spelled out only for a problem (see json-text.ts).
  const pending: Array<{ schema: ArraySchemaNode; value: unknown; path: PathNode | null }> = [
    { schema: schema as ArraySchemaNode, value, path: null },
  ];
  while (pending.length > 0) {
    const { schema: s, value: v, path } = pending.pop()!;
    if (Array.isArray(v)) {
      if (s.maxItems !== undefined && v.length > s.maxItems) {
        problems.push({ pointer: pointerOf(path), detail: `must list at most ${s.maxItems} items, got ${v.length}` });
      } else if (s.items && (s.items.items || s.items.properties || s.items.maxItems !== undefined)) {
        for (let i = 0; i < v.length; i++) pending.push({ schema: s.items, value: v[i], path: { up: path, token: i } });
      }
    } else if (v !== null && typeof v === 'object' && s.properties) {
      for (const name in s.properties) {
        const child: unknown = Object.hasOwn(v, name) ? (v as Record<string, unknown>)[name] : undefined;
        // Only arrays and objects can hold a list: scalars (most fields) are not queued.
        if (child !== null && typeof child === 'object')
          pending.push({ schema: s.properties[name], value: child, path: { up: path, token: name } });
      }
    }
  }
  return problems;
}
