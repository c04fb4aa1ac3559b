// Turns Ajv's errors into the FieldProblems every refusal carries (problem+json `errors`): a JSON
// Pointer to the field and a sentence saying what was expected and what arrived. No Ajv
// vocabulary leaks out. The one converter of the service: HTTP bodies and queries, ingest records,
// rule packs, cage catalogues and config files.
import type { ErrorObject } from 'ajv';
import type { FieldProblem } from '../errors/domain-error';
import { DETAIL_KEYWORD } from './ajv';

/** What a pattern means in words (the refused value is appended), or a function writing the whole sentence. */
export type PatternExpectation = string | ((value: unknown) => string);

export interface ProblemWording {
  /** Prefix of every pointer: '/query' for query parameters, '' (the document) otherwise. */
  root?: string;
  /** Sentences for the patterns of a module's schemas, keyed by the pattern's source. */
  patterns?: Readonly<Record<string, PatternExpectation>>;
  /** Patterns of personal data (identity numbers): the refused value is never echoed. */
  secretPatterns?: ReadonlySet<string>;
  /** The sentence for a field the schema does not know. */
  unknownField?: string;
}

const FORMAT_EXPECTATIONS: Record<string, string> = {
  date: 'must be a real calendar date written YYYY-MM-DD',
  'date-time': 'must be an RFC 3339 date-time with a zone, e.g. 2026-11-01T08:00:00+08:00',
  uri: 'must be an absolute URI, e.g. https://example.cn/item/1',
};

/** Every problem once, in Ajv's order; pointers are RFC 6901 ('' is the whole document). */
export function fieldProblems(
  errors: readonly ErrorObject[] | null | undefined,
  wording: ProblemWording = {},
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    // An if/then failure repeats the concrete error of its `then` branch.
    if (error.keyword === 'if') continue;
    const problem = toProblem(error, wording);
    const key = `${problem.pointer}\u0000${problem.detail}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push({ pointer: `${wording.root ?? ''}${problem.pointer}`, detail: problem.detail });
    }
  }
  return problems;
}

function toProblem(error: ErrorObject, wording: ProblemWording): FieldProblem {
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  const told = annotated(error.parentSchema);
  switch (error.keyword) {
    case 'required': {
      const name = String(params.missingProperty);
      const property = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties?.[name];
      return { pointer: `${at}/${escapePointer(name)}`, detail: annotated(property) ?? 'is required' };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      return { pointer: `${at}/${escapePointer(name)}`, detail: wording.unknownField ?? 'is not a known field' };
    }
  }
  return { pointer: at, detail: told ?? valueProblem(error, params, wording) };
}

function valueProblem(error: ErrorObject, params: Record<string, unknown>, wording: ProblemWording): string {
  const data: unknown = error.data;
  switch (error.keyword) {
    case 'type':
      return `must be ${article(String(params.type))}, got ${jsonType(data)}`;
    case 'pattern': {
      const pattern = String(params.pattern);
      const expectation = wording.patterns?.[pattern];
      if (typeof expectation === 'function') return expectation(data);
      const sentence = expectation ?? `must match the pattern ${pattern}`;
      return wording.secretPatterns?.has(pattern) ? sentence : `${sentence}, got ${show(data)}`;
    }
    case 'format':
      return `${FORMAT_EXPECTATIONS[String(params.format)] ?? `must be a valid ${String(params.format)}`}, got ${show(data)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => `'${String(v)}'`).join(', ')}; got ${show(data, true)}`;
    case 'const':
      return `must be ${show(params.allowedValue, true)}, got ${show(data, true)}`;
    case 'minimum':
      return `must be at least ${String(params.limit)}, got ${show(data)}`;
    case 'maximum':
      return `must be at most ${String(params.limit)}, got ${show(data)}`;
    case 'exclusiveMinimum':
      return `must be more than ${String(params.limit)}, got ${show(data)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(params.limit)}, got ${show(data)}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long`;
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters long, got ${typeof data === 'string' ? data.length : '?'}`;
    case 'minItems':
      return `must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}, got ${Array.isArray(data) ? data.length : 0}`;
    case 'maxItems':
      return `must list at most ${String(params.limit)} items, got ${Array.isArray(data) ? data.length : '?'}`;
    case 'minProperties':
      return params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} fields`;
    default:
      // A module's own keyword writes its own sentence (e.g. the GB 32100 check character).
      return error.message ?? 'is not valid';
  }
}

function annotated(schema: unknown): string | undefined {
  const detail = (schema as Record<string, unknown> | undefined)?.[DETAIL_KEYWORD];
  return typeof detail === 'string' ? detail : undefined;
}

/** RFC 6901: '~' -> '~0', '/' -> '~1'. */
export function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function article(type: string): string {
  const named: Record<string, string> = {
    string: 'a string',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    object: 'an object',
    array: 'an array',
    null: 'null',
  };
  return type
    .split(',')
    .map((t) => named[t] ?? t)
    .join(' or ');
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? `the number ${value}` : `the fractional number ${value}`;
  if (typeof value === 'string') return `the string ${show(value, true)}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** A short rendering of the offending value for messages; long values are cut. */
export function show(value: unknown, quote = false): string {
  const text = typeof value === 'string' ? (quote ? `'${value}'` : value) : JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
