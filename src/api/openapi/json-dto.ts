import type { JSONSchemaType } from 'ajv';
import { ValidationFailed } from '../../platform/errors/domain-error';
import { queryCheck, schemaCheck } from '../../platform/validation/schema-check';

// One validation approach for bodies and query strings: a JSON Schema that both validates (the
// platform's Ajv) and documents the route (@ApiBody / ApiQueryFrom take the same schema).
// Formats (date, date-time) are checked, not only documented: 2026-02-30 is refused here, not by the database.

export type DtoParser<T> = (input: unknown) => T;

/** A parser of a JSON body; refusals list every bad field with its JSON Pointer, and `hint` says what to send. */
export function bodyParser<T>(schema: JSONSchemaType<T>, what: string, hint?: string): DtoParser<T> {
  const check = schemaCheck<T>(schema);
  return (input) => {
    const checked = check(input);
    if (checked.ok) return checked.value;
    throw new ValidationFailed(`the ${what} is not valid${hint ? `: ${hint}` : ''}`, checked.problems);
  };
}

/** A parser of query parameters (pointers read `/query/<name>`); defaults are filled in, unknown parameters refused by name. */
export function queryParser<T>(schema: JSONSchemaType<T>, what: string): DtoParser<T> {
  const check = queryCheck<T>(schema);
  return (input) => {
    const checked = check(input);
    if (checked.ok) return checked.value;
    throw new ValidationFailed(`the ${what} query is not valid`, checked.problems);
  };
}
