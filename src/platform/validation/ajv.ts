// The one Ajv of the service (draft 2020-12, formats checked): HTTP bodies and query strings,
// ingest records, rule packs, cage catalogues and the alerts config files all compile here, so a
// schema means the same everywhere and every refusal goes through one converter (field-problems.ts).
import Ajv2020, { type KeywordDefinition } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * An annotation a schema may carry: the sentence a caller reads when that value is refused,
 * instead of one built from the failing keyword. It is an OpenAPI `x-` extension, so the same
 * schema documents the route unchanged.
 */
export const DETAIL_KEYWORD = 'x-detail';

function createAjv(queryStrings: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    // Every bad field at once, so a caller fixes its input in one round.
    allErrors: true,
    // Keeps the offending value and its schema on each error, for the converter's sentences.
    verbose: true,
    strict: true,
    // A `then` branch may require a field its parent declares (rule packs: a qualitative rule needs a tier).
    strictRequired: false,
    // Query strings arrive as text: numbers are coerced and defaults filled in; bodies stay exact.
    ...(queryStrings ? { coerceTypes: true, useDefaults: true } : {}),
  });
  addFormats(ajv, ['date', 'date-time', 'uri']);
  ajv.addVocabulary([DETAIL_KEYWORD]);
  return ajv;
}

/** Bodies, records and documents (YAML files): types are exact. */
export const schemaValidator = createAjv(false);

/**
 * Query strings only. Coercion and defaults are options of an Ajv instance, not of a schema, so
 * they need an instance of their own, built by the same factory.
 */
export const queryValidator = createAjv(true);

/** A keyword a module adds for its own schemas (e.g. the GB 32100 check character); added once. */
export function ensureKeyword(definition: KeywordDefinition & { keyword: string }): void {
  for (const ajv of [schemaValidator, queryValidator])
    if (!ajv.getKeyword(definition.keyword)) ajv.addKeyword(definition);
}
