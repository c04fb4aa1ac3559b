// Checks on JSON text that JSON.parse does not make: a key written twice (JSON.parse keeps the
// last silently, so a firm code written twice would pick one unseen), and strings PostgreSQL text
// cannot hold (NUL) or that are not Unicode (a lone surrogate escape such as "\ud800").
import { FieldProblem } from '../../platform/errors/domain-error';
import { escapePointer } from '../../platform/validation/field-problems';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

type Frame = { object: true; keys: Set<string>; key: string } | { object: false; index: number };

/**
 * Whether a key may repeat: the keys written in the text outnumber the keys of the parsed value.
 * Counting is one scan without allocations; most documents then skip the full search below.
 */
export function mayRepeatKeys(text: string, parsed: unknown): boolean {
  return countKeysInText(text) !== countKeys(parsed);
}

function countKeysInText(text: string): number {
  let keys = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== QUOTE) continue;
    for (i++; text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
    let j = i + 1;
    for (let c = text.charCodeAt(j); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++j));
    if (text.charCodeAt(j) === 0x3a) keys++;
  }
  return keys;
}

function countKeys(value: unknown): number {
  let keys = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item === 'object') pending.push(item);
    } else {
      for (const key in v) {
        keys++;
        const child = (v as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') pending.push(child);
      }
    }
  }
  return keys;
}

/** JSON Pointers of every key that repeats within its object, in text order; `text` must be valid JSON. */
export function duplicateKeyPointers(text: string, limit = 100): string[] {
  const found: string[] = [];
  const stack: Frame[] = [];
  for (let i = 0; i < text.length && found.length < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      let escaped = false;
      for (i = start; text.charCodeAt(i) !== QUOTE; i++)
        if (text.charCodeAt(i) === BACKSLASH) {
          escaped = true;
          i++;
        }
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

/** Where a value sits, as a chain to its parent: the JSON Pointer is spelled out only for a problem. */
export interface PathNode {
  up: PathNode | null;
  token: string | number;
}

/** The JSON Pointer of a path (tokens escaped). */
export function pointerOf(path: PathNode | null): string {
  const tokens: string[] = [];
  for (let p = path; p; p = p.up) tokens.push(typeof p.token === 'number' ? String(p.token) : escapePointer(p.token));
  return tokens.length === 0 ? '' : `/${tokens.reverse().join('/')}`;
}

// One test per string says whether it needs a closer look (NUL, any surrogate, or a control).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SUSPECT = /[\u0000\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SUSPECT_WITH_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ud800-\udfff]/;

/** Problems with the strings (and keys) of a parsed JSON value, by JSON Pointer; at most `limit`. */
export function unsafeStringProblems(
  value: unknown,
  rules: StringRules = { controls: false },
  limit = 100,
): FieldProblem[] {
  const suspect = rules.controls ? SUSPECT_WITH_CONTROLS : SUSPECT;
  // Nearly every record is clean: one pass that allocates nothing per value says so, and the
  // walk that tracks paths runs only when there is a problem to point at.
  if (!holdsSuspectString(value, suspect)) return [];
  const problems: FieldProblem[] = [];
  // Iterative: a deeply nested body must not exhaust the stack. Paths are built only for a
  // problem: spelling out every pointer cost more than the checks on an ordinary record.
  const pending: Array<{ value: unknown; path: PathNode | null }> = [{ value, path: null }];
  while (pending.length > 0 && problems.length < limit) {
    const { value: v, path } = pending.pop()!;
    if (typeof v === 'string') {
      const detail = suspect.test(v) ? stringProblem(v, rules) : undefined;
      if (detail) problems.push({ pointer: pointerOf(path), detail });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const child: unknown = v[i];
        if (child !== null && (typeof child === 'string' || typeof child === 'object'))
          pending.push({ value: child, path: { up: path, token: i } });
      }
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const detail = suspect.test(key) ? stringProblem(key, rules) : undefined;
        // The pointer to a bad key shows it escaped: the answer itself is stored (idempotency) and must be storable.
        if (detail)
          problems.push({
            pointer: pointerOf({ up: path, token: printable(key) }),
            detail: `the field name ${detail}`,
          });
        const child: unknown = (v as Record<string, unknown>)[key];
        if (child !== null && (typeof child === 'string' || typeof child === 'object'))
          pending.push({ value: child, path: { up: path, token: key } });
      }
    }
  }
  return problems;
}

/** Whether any string or key in the value matches `suspect`; iterative, like the walk below. */
function holdsSuspectString(value: unknown, suspect: RegExp): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (suspect.test(v)) return true;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const child: unknown = v[i];
        if (typeof child === 'string' || (child !== null && typeof child === 'object')) pending.push(child);
      }
    } else if (v !== null && typeof v === 'object') {
      for (const key in v) {
        if (suspect.test(key)) return true;
        const child: unknown = (v as Record<string, unknown>)[key];
        if (typeof child === 'string' || (child !== null && typeof child === 'object')) pending.push(child);
      }
    }
  }
  return false;
}

function stringProblem(text: string, rules: StringRules): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(text))
    return 'contains a lone surrogate escape (\\ud800-\\udfff without its pair): not a Unicode character';
  if (rules.controls && CONTROL.test(text)) return 'contains a control character; only tab and line breaks are allowed';
  return undefined;
}

/** A key with NUL, lone surrogates and control characters written as \\uXXXX text. */
function printable(text: string): string {
  return text.replace(
    new RegExp(`\u0000|${LONE_SURROGATE.source}|${CONTROL.source}`, 'g'),
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
