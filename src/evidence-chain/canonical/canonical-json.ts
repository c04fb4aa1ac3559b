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
 * RFC 8785 for values made only of null, booleans, finite numbers, strings, arrays and plain
 * objects - the same bytes as `canonicalize` (keys in UTF-16 code unit order, JSON.stringify's
 * string and ES2015 number forms) at a fraction of its cost per record, which the intake pays for
 * every message. undefined when the value holds anything else.
 */
function plainCanonical(value: unknown): string | undefined {
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
  const keys = Object.keys(value).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const member = plainCanonical((value as Record<string, unknown>)[keys[i]]);
    if (member === undefined) return undefined;
    out += `${i === 0 ? '' : ','}${JSON.stringify(keys[i])}:${member}`;
  }
  return `${out}}`;
}
