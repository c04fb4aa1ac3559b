import { schemaValidator } from './ajv';
import { escapePointer, fieldProblems } from './field-problems';
import { queryCheck, schemaCheck } from './schema-check';

const BODY = {
  type: 'object',
  required: ['name', 'kind'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 5 },
    kind: { type: 'string', enum: ['p2p', 'guarantee'] },
    day: { type: 'string', format: 'date' },
    count: { type: 'integer', minimum: 1, maximum: 10 },
    endpoint: { type: 'string', pattern: '^https://', 'x-detail': 'must be the push service URL (https)' },
    items: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['a/b'], properties: { 'a/b': { type: 'number' } } },
    },
  },
};

function problemsOf(value: unknown, schema: object = BODY) {
  const validate = schemaValidator.compile(schema);
  expect(validate(value)).toBe(false);
  return fieldProblems(validate.errors);
}

describe('fieldProblems', () => {
  it('should report every problem of one body with its field pointer', () => {
    expect(problemsOf({ kind: 'bank', extra: 1, count: 0 })).toEqual([
      { pointer: '/name', detail: 'is required' },
      { pointer: '/extra', detail: 'is not a known field' },
      { pointer: '/kind', detail: "must be one of 'p2p', 'guarantee'; got 'bank'" },
      { pointer: '/count', detail: 'must be at least 1, got 0' },
    ]);
  });

  it('should say what was expected and what arrived for types, formats and lengths', () => {
    expect(problemsOf({ name: 7, kind: 'p2p', day: '2026-02-30', count: 1.5 })).toEqual([
      { pointer: '/name', detail: 'must be a string, got the number 7' },
      { pointer: '/day', detail: 'must be a real calendar date written YYYY-MM-DD, got 2026-02-30' },
      { pointer: '/count', detail: 'must be a whole number, got the fractional number 1.5' },
    ]);
    expect(problemsOf({ name: '', kind: 'p2p' })).toEqual([{ pointer: '/name', detail: 'must not be empty' }]);
    expect(problemsOf({ name: 'abcdefgh', kind: 'p2p' })).toEqual([
      { pointer: '/name', detail: 'must be at most 5 characters long, got 8' },
    ]);
  });

  it('should use the x-detail sentence of a field for any problem with it, absence included', () => {
    expect(problemsOf({ name: 'a', kind: 'p2p', endpoint: 'http://x' })).toEqual([
      { pointer: '/endpoint', detail: 'must be the push service URL (https)' },
    ]);
    const required = { ...BODY, required: ['endpoint'] };
    expect(problemsOf({}, required)).toEqual([
      { pointer: '/endpoint', detail: 'must be the push service URL (https)' },
    ]);
  });

  it('should point at the whole document with the empty pointer and escape field names (RFC 6901)', () => {
    expect(problemsOf([1])).toEqual([{ pointer: '', detail: 'must be an object, got an array' }]);
    expect(problemsOf({ name: 'a', kind: 'p2p', items: [{}] })).toEqual([
      { pointer: '/items/0/a~1b', detail: 'is required' },
    ]);
    expect(escapePointer('a~b/c')).toBe('a~0b~1c');
  });

  it('should word patterns, hide secret values and name unknown fields as the caller asks', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: { id: { type: 'string', pattern: '^[0-9]{18}$' }, amount: { type: 'string', pattern: '^[0-9]+$' } },
    };
    const validate = schemaValidator.compile(schema);
    validate({ id: '12345', amount: 'ten', extra: true });
    const wording = {
      patterns: {
        '^[0-9]{18}$': 'must be an 18-digit id',
        '^[0-9]+$': (v: unknown) => `must be digits, not ${String(v)}`,
      },
      secretPatterns: new Set(['^[0-9]{18}$']),
      unknownField: 'is not a field of this record',
    };
    expect(fieldProblems(validate.errors, wording)).toEqual([
      { pointer: '/extra', detail: 'is not a field of this record' },
      { pointer: '/id', detail: 'must be an 18-digit id' },
      { pointer: '/amount', detail: 'must be digits, not ten' },
    ]);
    validate({ amount: 'x' });
    expect(fieldProblems(validate.errors)).toEqual([
      { pointer: '/amount', detail: 'must match the pattern ^[0-9]+$, got x' },
    ]);
  });

  it('should leave out the if-branch echo of a failed then-branch and list each problem once', () => {
    const schema = {
      type: 'object',
      properties: { type: { type: 'string' }, tier: { type: 'string' } },
      if: { properties: { type: { const: 'q' } } },
      then: { required: ['tier'] },
    };
    expect(problemsOf({ type: 'q' }, schema)).toEqual([{ pointer: '/tier', detail: 'is required' }]);
  });
});

describe('schemaCheck and queryCheck', () => {
  it('should return the value when valid and the problems when not', () => {
    const check = schemaCheck<{ name: string; kind: string }>(BODY);
    expect(check({ name: 'a', kind: 'p2p' })).toEqual({ ok: true, value: { name: 'a', kind: 'p2p' } });
    expect(check({ name: 'a' })).toEqual({ ok: false, problems: [{ pointer: '/kind', detail: 'is required' }] });
  });

  it('should coerce query text, fill in defaults on a copy and point under /query', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: { limit: { type: 'integer', minimum: 1, default: 20 } },
    };
    const check = queryCheck<{ limit: number }>(schema);
    const query = { limit: '5' };
    expect(check(query)).toEqual({ ok: true, value: { limit: 5 } });
    expect(query).toEqual({ limit: '5' });
    expect(check({})).toEqual({ ok: true, value: { limit: 20 } });
    expect(check({ limit: '0', colour: 'red' })).toEqual({
      ok: false,
      problems: [
        { pointer: '/query/colour', detail: 'is not a known field' },
        { pointer: '/query/limit', detail: 'must be at least 1, got 0' },
      ],
    });
  });
});
