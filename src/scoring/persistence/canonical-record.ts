// The canonical text (RFC 8785, as evidence-chain/canonical/canonical-json.ts writes it) of an
// assessment record, built so that the explanation and the features are serialised once: their
// canonical texts are hashed inside the record's and are also the jsonb text COPY stores. Before,
// each was serialised three times per firm (a JSON round trip, the canonical pass, the COPY text).

/** A value already rendered as canonical JSON, spliced into an enclosing canonical text as it is. */
export class CanonicalText {
  constructor(readonly text: string) {}
}

// Objects of one shape (every feature vector, every rule hit) have the same key list: its sorted
// order and the keys' JSON texts are kept for the last few lists seen, instead of sorting per object.
interface KeyOrder {
  keys: string[];
  sorted: string[];
  /** `"key":` of each sorted key, and `,"key":`. */
  quoted: string[];
  following: string[];
}
const keyOrders = new Map<string, KeyOrder>();

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

function keyOrder(keys: string[]): KeyOrder {
  const id = `${keys.length}:${keys[0] ?? ''}:${keys[keys.length - 1] ?? ''}`;
  const known = keyOrders.get(id);
  if (known && sameKeys(known.keys, keys)) return known;
  // Keys in UTF-16 code unit order, as RFC 8785 asks (the default sort compares code units).
  const sorted = [...keys].sort();
  const quoted = sorted.map((k) => `${JSON.stringify(k)}:`);
  const order = { keys, sorted, quoted, following: quoted.map((q) => `,${q}`) };
  if (keyOrders.size > 256) keyOrders.clear();
  keyOrders.set(id, order);
  return order;
}

/**
 * RFC 8785 text of a plain JSON value (null, booleans, finite numbers, strings, arrays, plain
 * objects, CanonicalText), or undefined for anything else (undefined members, NaN, toJSON): the
 * caller then takes the JSON value of it first, as jsonb would store it.
 */
export function plainCanonicalText(value: unknown): string | undefined {
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
    for (let i = 0; i < value.length; i += 1) {
      const item = plainCanonicalText(value[i]);
      if (item === undefined) return undefined;
      out += i === 0 ? item : `,${item}`;
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return undefined;
  const { sorted, quoted, following } = keyOrder(Object.keys(value));
  let out = '{';
  for (let i = 0; i < sorted.length; i += 1) {
    const member = plainCanonicalText((value as Record<string, unknown>)[sorted[i]]);
    if (member === undefined) return undefined;
    out += (i === 0 ? quoted[i] : following[i]) + member;
  }
  return `${out}}`;
}

/**
 * A value as jsonb gives it back (no undefined members, no NaN or Infinity) and its canonical
 * text. A plain value is kept as it is (no copy); anything else takes a JSON round trip first.
 */
export function jsonValueAndText<T>(value: T): { value: T; text: string } {
  const text = plainCanonicalText(value);
  if (text !== undefined) return { value, text };
  const json = JSON.parse(JSON.stringify(value)) as T;
  return { value: json, text: plainCanonicalText(json)! };
}
