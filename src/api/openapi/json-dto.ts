import Ajv, { type ErrorObject, type JSONSchemaType } from 'ajv';
import addFormats from 'ajv-formats';
import { ValidationFailed, type FieldProblem } from '../../platform/errors/domain-error';

// One validation approach for bodies and query strings: a JSON Schema that both validates (ajv)
// and documents the route (@ApiBody / @ApiQuery take the same schema).
// Formats (date, date-time) are checked, not only documented: 2026-02-30 is refused here, not by the database.
const bodies = addFormats(new Ajv({ allErrors: true }), ['date', 'date-time', 'uri']);
// Query strings arrive as text: numbers are coerced, unknown parameters are refused by name.
const queries = addFormats(new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true }), ['date', 'date-time', 'uri']);

export type DtoParser<T> = (input: unknown) => T;

/** A parser of a JSON body; refusals list every bad field with its JSON Pointer. */
export function bodyParser<T>(schema: JSONSchemaType<T>, what: string): DtoParser<T> {
  const validate = bodies.compile(schema);
  return (input) => {
    if (validate(input)) return input;
    throw new ValidationFailed(`the ${what} is not valid`, problemsOf(validate.errors ?? [], ''));
  };
}

/** A parser of query parameters (pointers read `/query/<name>`); defaults are filled in. */
export function queryParser<T>(schema: JSONSchemaType<T>, what: string): DtoParser<T> {
  const validate = queries.compile(schema);
  return (input) => {
    const copy = { ...(input as Record<string, unknown>) };
    if (validate(copy)) return copy;
    throw new ValidationFailed(`the ${what} query is not valid`, problemsOf(validate.errors ?? [], '/query'));
  };
}

function problemsOf(errors: ErrorObject[], root: string): FieldProblem[] {
  return errors.map((e) => {
    const { missingProperty, additionalProperty, allowedValues } = e.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
    const field = missingProperty ?? additionalProperty;
    const pointer = `${root}${e.instancePath}${field ? `/${field}` : ''}` || '/';
    if (missingProperty) return { pointer, detail: 'is required' };
    if (additionalProperty) return { pointer, detail: 'is not a known field' };
    if (allowedValues) return { pointer, detail: `must be one of ${allowedValues.join(', ')}` };
    return { pointer, detail: e.message ?? 'is invalid' };
  });
}
