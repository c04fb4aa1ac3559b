// An assessment record's parts as jsonb will give them back, with their canonical text (RFC 8785,
// evidence-chain/canonical/canonical-json.ts): the explanation and the features are serialised
// once, and the same text is hashed inside the record's and is the jsonb text COPY stores.
import { plainCanonical } from '../../evidence-chain/canonical/canonical-json';

/**
 * A value as jsonb gives it back (no undefined members, no NaN or Infinity) and its canonical
 * text. A plain value is kept as it is (no copy); anything else takes a JSON round trip first.
 */
export function jsonValueAndText<T>(value: T): { value: T; text: string } {
  const text = plainCanonical(value);
  if (text !== undefined) return { value, text };
  const json = JSON.parse(JSON.stringify(value)) as T;
  return { value: json, text: plainCanonical(json)! };
}
