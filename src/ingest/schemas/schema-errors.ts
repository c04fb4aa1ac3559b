// Turns ajv's errors into FieldProblems a firm's developer can act on: a JSON Pointer to the
// field and a sentence saying what was expected and what arrived. No ajv vocabulary leaks out.
import { ErrorObject } from 'ajv';
import { FieldProblem } from '../../platform/errors/domain-error';
import {
  BASE64_PATTERN, BUSINESS_ID_PATTERN, CREDIT_CODE_PATTERN, PERCENT_PATTERN, PERSON_ID_PATTERN, SHA256_PATTERN, SIGNED_YUAN_PATTERN, YUAN_PATTERN,
} from './schema-fragments';

const PATTERN_EXPECTATIONS: Record<string, string> = {
  [YUAN_PATTERN]: 'must be an exact decimal amount in yuan with at most 2 decimals',
  [SIGNED_YUAN_PATTERN]: 'must be an exact decimal amount in yuan with at most 2 decimals (a leading minus is allowed)',
  [PERCENT_PATTERN]: 'must be a percentage as a decimal string with at most 4 decimals, e.g. "12.5" for 12.5 %',
  [CREDIT_CODE_PATTERN]: 'must be an 18-character unified social credit code of digits and upper-case letters except I, O, S, V, Z (GB 32100)',
  [PERSON_ID_PATTERN]: 'must be an 18-character resident id (GB 11643) or unified social credit code (GB 32100)',
  [BUSINESS_ID_PATTERN]: 'must be 1-128 characters of A-Z, a-z, 0-9 and . _ : / -, starting with a letter or digit',
  [SHA256_PATTERN]: 'must be a SHA-256 digest as 64 lower-case hexadecimal digits',
  [BASE64_PATTERN]: 'must be standard base64 (A-Z, a-z, 0-9, +, /, padded with =)',
};

const FORMAT_EXPECTATIONS: Record<string, string> = {
  date: 'must be a real calendar date written YYYY-MM-DD',
  'date-time': 'must be an RFC 3339 date-time with a zone, e.g. 2026-11-01T08:00:00+08:00',
  uri: 'must be an absolute URI, e.g. https://example.cn/item/1',
};

// Identity numbers are personal data: messages about them never echo the value.
const SECRET_PATTERNS = new Set([PERSON_ID_PATTERN]);

export function schemaErrorsToProblems(errors: readonly ErrorObject[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const problem = toProblem(error);
    const key = `${problem.pointer}\u0000${problem.detail}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function toProblem(error: ErrorObject): FieldProblem {
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  switch (error.keyword) {
    case 'required':
      return { pointer: `${at}/${escapePointer(String(params.missingProperty))}`, detail: 'is required' };
    case 'additionalProperties':
      return { pointer: `${at}/${escapePointer(String(params.additionalProperty))}`, detail: 'is not a field of this record (check the spelling, or remove it)' };
    case 'type':
      return { pointer: at, detail: `must be ${article(String(params.type))}, got ${jsonType(error.data)}` };
    case 'pattern': {
      const pattern = String(params.pattern);
      const expectation = PATTERN_EXPECTATIONS[pattern] ?? `must match the pattern ${pattern}`;
      const negative = pattern === YUAN_PATTERN && typeof error.data === 'string' && error.data.startsWith('-') ? ' (negative amounts are not allowed here)' : '';
      const got = SECRET_PATTERNS.has(pattern) ? '' : `, got ${show(error.data)}`;
      return { pointer: at, detail: `${expectation}${got}${negative}` };
    }
    case 'format':
      return { pointer: at, detail: `${FORMAT_EXPECTATIONS[String(params.format)] ?? `must be a valid ${String(params.format)}`}, got ${show(error.data)}` };
    case 'enum':
      return { pointer: at, detail: `must be one of ${(params.allowedValues as unknown[]).map((v) => `'${String(v)}'`).join(', ')}; got ${show(error.data, true)}` };
    case 'minimum':
      return { pointer: at, detail: `must be at least ${String(params.limit)}, got ${show(error.data)}` };
    case 'maximum':
      return { pointer: at, detail: `must be at most ${String(params.limit)}, got ${show(error.data)}` };
    case 'minLength':
      return { pointer: at, detail: params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long` };
    case 'maxLength':
      return { pointer: at, detail: `must be at most ${String(params.limit)} characters long, got ${typeof error.data === 'string' ? error.data.length : '?'}` };
    case 'minItems':
      return { pointer: at, detail: `must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}, got ${Array.isArray(error.data) ? error.data.length : 0}` };
    case 'maxItems':
      return { pointer: at, detail: `must list at most ${String(params.limit)} items, got ${Array.isArray(error.data) ? error.data.length : '?'}` };
    case 'gb32100':
      return { pointer: at, detail: `${error.message ?? 'has a wrong check character (GB 32100)'}, got ${show(error.data)}` };
    default:
      return { pointer: at, detail: error.message ?? 'is not valid' };
  }
}

/** RFC 6901: '~' -> '~0', '/' -> '~1'. */
export function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function article(type: string): string {
  const named: Record<string, string> = {
    string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false', object: 'an object', array: 'an array', null: 'null',
  };
  return type.split(',').map((t) => named[t] ?? t).join(' or ');
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? `the number ${value}` : `the fractional number ${value}`;
  if (typeof value === 'string') return `the string ${show(value, true)}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** A short rendering of the offending value for messages; long values are cut. */
function show(value: unknown, quote = false): string {
  const text = typeof value === 'string' ? (quote ? `'${value}'` : value) : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
