// Array lengths checked before the schema validator runs: with every error collected, a list of
// 200,000 empty objects would make millions of errors (and a response of tens of megabytes) for a
// list that is refused by its length alone.
import { FieldProblem } from '../../platform/errors/domain-error';
import { escapePointer } from '../../platform/validation/field-problems';

interface ArraySchemaNode {
  type?: unknown;
  maxItems?: number;
  items?: ArraySchemaNode;
  properties?: Record<string, ArraySchemaNode>;
}

/** Arrays longer than their schema's maxItems, by JSON Pointer; deeper levels are looked at only within limits. */
export function overlongArrays(schema: object, value: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: Array<{ schema: ArraySchemaNode; value: unknown; pointer: string }> = [{ schema: schema as ArraySchemaNode, value, pointer: '' }];
  while (pending.length > 0) {
    const { schema: s, value: v, pointer } = pending.pop()!;
    if (Array.isArray(v)) {
      if (s.maxItems !== undefined && v.length > s.maxItems) {
        problems.push({ pointer, detail: `must list at most ${s.maxItems} items, got ${v.length}` });
      } else if (s.items) {
        for (let i = 0; i < v.length; i++) pending.push({ schema: s.items, value: v[i], pointer: `${pointer}/${i}` });
      }
    } else if (v !== null && typeof v === 'object' && s.properties) {
      for (const [name, child] of Object.entries(s.properties)) {
        if (Object.hasOwn(v, name)) pending.push({ schema: child, value: (v as Record<string, unknown>)[name], pointer: `${pointer}/${escapePointer(name)}` });
      }
    }
  }
  return problems;
}
