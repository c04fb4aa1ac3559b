import canonicalize from 'canonicalize';

/**
 * The record's canonical bytes: RFC 8785 (JCS) - sorted keys, ES2015 number format, no whitespace -
 * so any party re-serialising the same JSON value gets the same bytes and the same hash.
 */
export function canonicalBytes(record: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(record));
}

/** The same as text, for callers that also store it (a JCS text is valid JSON). */
export function canonicalJson(record: unknown): string {
  // Plain JSON values (every parsed record) take the fast path; anything else (toJSON, undefined
  // members, NaN) goes through the reference implementation, which decides the bytes and the errors.
  const fast = plainCanonical(record);
  if (fast !== undefined) return fast;
  const text = canonicalize(record); // throws on NaN/Infinity; BigInt throws in JSON.stringify
  if (text === undefined) throw new TypeError('a record must be a JSON value (got undefined or a function)');
  return text;
}

/**
 * A value already written as canonical JSON, spliced into an enclosing text as it is: a part that is
 * also stored on its own (an assessment's explanation and features) is serialised once. toJSON gives
 * the value back, so the reference implementation writes the same bytes.
 */
export class CanonicalText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * RFC 8785 for values made only of null, booleans, finite numbers, strings, arrays, plain objects
 * and CanonicalText - the same bytes as `canonicalize` (keys in UTF-16 code unit order,
 * JSON.stringify's string and ES2015 number forms) at a fraction of its cost per record, which the
 * intake pays for every message. undefined when the value holds anything else.
 */
export function plainCanonical(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value instanceof CanonicalText) return value.text;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item = plainCanonical(value[i]);
      if (item === undefined) return undefined;
      out += i === 0 ? item : `,${item}`;
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return undefined;
  const { keys, prefixes } = shapeOf(value);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const member = plainCanonical((value as Record<string, unknown>)[keys[i]]);
    if (member === undefined) return undefined;
    out += prefixes[i] + member;
  }
  return `${out}}`;
}

/** An object's keys in JCS order, each with the text written before its value (`,"key":`). */
interface Shape {
  /** The keys in the order the object holds them: what the cache entry is for. */
  written: string[];
  keys: string[];
  prefixes: string[];
}

// Records of one kind share a few key sets: their sorted order and quoted names are kept, so
// sorting and quoting are paid once per shape, not per object. Entries are found by count, first
// and last key (cheap for 100-key feature vectors) and checked key by key; a different key set
// under the same entry replaces it. Bounded, so senders that invent keys cannot grow it.
const shapes = new Map<string, Shape>();
const MAX_SHAPES = 2048;

function shapeOf(value: object): Shape {
  const written = Object.keys(value);
  const id = `${written.length}:${written[0] ?? ''}:${written[written.length - 1] ?? ''}`;
  const known = shapes.get(id);
  if (known && sameKeys(known.written, written)) return known;
  const keys = [...written].sort();
  const shape = { written, keys, prefixes: keys.map((key, i) => `${i === 0 ? '' : ','}${JSON.stringify(key)}:`) };
  if (shapes.size >= MAX_SHAPES) shapes.clear();
  shapes.set(id, shape);
  return shape;
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
