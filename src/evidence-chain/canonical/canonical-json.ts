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
  const text = canonicalize(record); // throws on NaN/Infinity; BigInt throws in JSON.stringify
  if (text === undefined) throw new TypeError('a record must be a JSON value (got undefined or a function)');
  return text;
}
