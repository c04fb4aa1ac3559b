import type { Schema } from 'ajv';
import type { FieldProblem } from '../errors/domain-error';
import { queryValidator, schemaValidator } from './ajv';
import { fieldProblems, type ProblemWording } from './field-problems';

/** The value, typed, or every problem with it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export type SchemaCheck<T> = (value: unknown) => Checked<T>;

/** Compiles a schema once (bodies, records, YAML documents) into a check listing every problem. */
export function schemaCheck<T>(schema: object, wording?: ProblemWording): SchemaCheck<T> {
  const validate = schemaValidator.compile<T>(schema as Schema);
  return (value: unknown): Checked<T> => {
    if (validate(value)) return { ok: true, value };
    return { ok: false, problems: fieldProblems(validate.errors, wording) };
  };
}

/**
 * A check of query parameters: text is coerced to the schema's types and defaults are filled in,
 * on a copy (the request's own object is left alone); pointers read `/query/<name>`.
 */
export function queryCheck<T>(schema: object, wording?: ProblemWording): SchemaCheck<T> {
  const validate = queryValidator.compile<T>(schema as Schema);
  return (value: unknown): Checked<T> => {
    const copy: unknown = { ...(value as Record<string, unknown>) };
    if (validate(copy)) return { ok: true, value: copy };
    return { ok: false, problems: fieldProblems(validate.errors, { root: '/query', ...wording }) };
  };
}
