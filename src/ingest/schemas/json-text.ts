// Checks on JSON text that JSON.parse does not make: a key written twice (JSON.parse keeps the
// last silently, so a firm code written twice would pick one unseen), and strings PostgreSQL text
// cannot hold (NUL) or that are not Unicode (a lone surrogate escape such as "\ud800").
import { FieldProblem } from '../../platform/errors/domain-error';
import { escapePointer } from '../../platform/validation/field-problems';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

type Frame = { object: true; keys: Set<string>; key: string } | { object: false; index: number };

/** JSON Pointers of every key that repeats within its object, in text order; `text` must be valid JSON. */
export function duplicateKeyPointers(text: string, limit = 100): string[] {
  const found: string[] = [];
  const stack: Frame[] = [];
  for (let i = 0; i < text.length && found.length < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      let escaped = false;
      for (i = start; text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) { escaped = true; i++; }
      const top = stack[stack.length - 1];
      if (!top?.object || !isKeyPosition(text, i + 1)) continue;
      const raw = text.slice(start, i);
      const key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
      if (top.keys.has(key)) found.push(`${pathOf(stack.slice(0, -1))}/${escapePointer(key)}`);
      top.keys.add(key);
      top.key = key;
    } else if (c === 0x7b) stack.push({ object: true, keys: new Set(), key: '' });
    else if (c === 0x5b) stack.push({ object: false, index: 0 });
    else if (c === 0x7d || c === 0x5d) stack.pop();
    else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top && !top.object) top.index++;
    }
  }
  return found;
}

function isKeyPosition(text: string, from: number): boolean {
  let j = from;
  while (j < text.length && /\s/.test(text[j])) j++;
  return text[j] === ':';
}

function pathOf(frames: Frame[]): string {
  return frames.map((f) => `/${f.object ? escapePointer(f.key) : f.index}`).join('');
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// C0 controls and DEL, except tab, line feed and carriage return.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface StringRules {
  /** Refuse control characters other than tab and line breaks too (names, not free text). */
  controls: boolean;
}

/** Problems with the strings (and keys) of a parsed JSON value, by JSON Pointer; at most `limit`. */
export function unsafeStringProblems(value: unknown, rules: StringRules = { controls: false }, limit = 100): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // Iterative: a deeply nested body must not exhaust the stack.
  const pending: Array<{ value: unknown; pointer: string }> = [{ value, pointer: '' }];
  while (pending.length > 0 && problems.length < limit) {
    const { value: v, pointer } = pending.pop()!;
    if (typeof v === 'string') {
      const detail = stringProblem(v, rules);
      if (detail) problems.push({ pointer, detail });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) pending.push({ value: v[i], pointer: `${pointer}/${i}` });
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v).reverse()) {
        const at = `${pointer}/${escapePointer(key)}`;
        const detail = stringProblem(key, rules);
        // The pointer to a bad key shows it escaped: the answer itself is stored (idempotency) and must be storable.
        if (detail) problems.push({ pointer: `${pointer}/${escapePointer(printable(key))}`, detail: `the field name ${detail}` });
        pending.push({ value: child, pointer: at });
      }
    }
  }
  return problems;
}

function stringProblem(text: string, rules: StringRules): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains a lone surrogate escape (\\ud800-\\udfff without its pair): not a Unicode character';
  if (rules.controls && CONTROL.test(text)) return 'contains a control character; only tab and line breaks are allowed';
  return undefined;
}

/** A key with NUL, lone surrogates and control characters written as \\uXXXX text. */
function printable(text: string): string {
  return text.replace(new RegExp(`\u0000|${LONE_SURROGATE.source}|${CONTROL.source}`, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
