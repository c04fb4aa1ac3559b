// Parsing request bodies and Kafka values: UTF-8 only, JSON only, and a message that says where
// the text stops being JSON (line, column, byte offset) instead of a bare SyntaxError.
import { isUtf8 } from 'node:buffer';
import { FieldProblem } from '../../platform/errors/domain-error';
import { duplicateKeyPointers, mayRepeatKeys } from './json-text';

const NOT_BLANK = /\S/;

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; problems: FieldProblem[] };

/** Parses a JSON document and refuses one that writes a key twice in an object. */
export function parseJsonStrict(bytes: Uint8Array | string): JsonParseResult {
  const parsed = parseJsonDocument(bytes);
  if (!parsed.ok) return parsed;
  return parsed.duplicates.length === 0
    ? { ok: true, value: parsed.value }
    : { ok: false, problems: parsed.duplicates.map(duplicateProblem) };
}

/** A repeated key as a problem at its pointer. */
export function duplicateProblem(pointer: string): FieldProblem {
  return { pointer, detail: 'is written more than once in its object; each key may appear once' };
}

/** Parses a JSON document; keys written twice are listed (as JSON Pointers), not refused. */
export function parseJsonDocument(
  bytes: Uint8Array | string,
): { ok: true; value: unknown; duplicates: string[] } | { ok: false; problems: FieldProblem[] } {
  let text: string;
  if (typeof bytes === 'string') {
    text = bytes;
  } else {
    // Validate, then decode natively: faster than a fatal TextDecoder on every Kafka message.
    if (!isUtf8(bytes)) return fail(`is not valid UTF-8 (at byte ${firstInvalidUtf8(bytes)})`);
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }
  // A leading BOM is tolerated; JSON.parse would reject it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!NOT_BLANK.test(text)) return fail('is empty; a JSON document was expected');
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value, duplicates: mayRepeatKeys(text, value) ? duplicateKeyPointers(text) : [] };
  } catch (error) {
    return fail(describeSyntaxError(text, error instanceof Error ? error.message : String(error)));
  }
}

function fail(detail: string): { ok: false; problems: FieldProblem[] } {
  return { ok: false, problems: [{ pointer: '', detail: `the body ${detail}` }] };
}

function describeSyntaxError(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  // V8 says "Unexpected end of JSON input" without a position when the text is cut short.
  const position = match ? Number(match[1]) : /end of JSON input/.test(message) ? text.length : null;
  if (position === null) return `is not valid JSON: ${message}`;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const near = JSON.stringify(text.slice(Math.max(0, position - 10), position + 10));
  const reason =
    position >= text.length
      ? 'ends before the JSON document is complete'
      : `is not valid JSON at line ${line}, column ${column}`;
  return `${reason} (character ${position}, near ${near})`;
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (linear, for error messages). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    const trail =
      lead < 0x80
        ? 0
        : lead >= 0xc2 && lead <= 0xdf
          ? 1
          : lead >= 0xe0 && lead <= 0xef
            ? 2
            : lead >= 0xf0 && lead <= 0xf4
              ? 3
              : -1;
    if (trail < 0) return i;
    for (let k = 1; k <= trail; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += trail + 1;
  }
  // Overlong forms and surrogates pass this scan; the decoder rejected them somewhere here.
  return 0;
}
