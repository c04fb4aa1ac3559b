// Building blocks of the record schemas. Every field gets a description "中文术语 — English" so the
// served schemas document themselves. Patterns are exported so the error mapper can explain them.
import { JSONSchemaType } from 'ajv';
import { CountAmount } from './records';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Exact decimal yuan: no sign, no leading zeros, at most 2 decimals, no exponent. */
export const YUAN_PATTERN = '^(0|[1-9][0-9]{0,15})(\\.[0-9]{1,2})?$';
/** Yuan that may be negative (net assets of an insolvent firm). */
export const SIGNED_YUAN_PATTERN = '^-?(0|[1-9][0-9]{0,15})(\\.[0-9]{1,2})?$';
/** Percent as a decimal string: "12.5" is 12.5 %; at most 4 decimals, below 1000. */
export const PERCENT_PATTERN = '^(0|[1-9][0-9]{0,2})(\\.[0-9]{1,4})?$';
/** GB 32100 alphabet and length; the check character is checked by the `gb32100` keyword. */
export const CREDIT_CODE_PATTERN = '^[0-9A-HJ-NPQRTUWXY]{18}$';
/** A resident id (GB 11643) or a credit code (GB 32100); which one is checked against the person type. */
export const PERSON_ID_PATTERN = '^([0-9]{17}[0-9X]|[0-9A-HJ-NPQRTUWXY]{18})$';
/** A submitter's own id: printable ASCII without spaces, so it is safe in logs, URLs and keys. */
export const BUSINESS_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$';
export const SHA256_PATTERN = '^[0-9a-f]{64}$';
export const BASE64_PATTERN = '^[A-Za-z0-9+/]*={0,2}$';

/** Largest count accepted: a 32-bit signed integer, as stored in PostgreSQL `integer`. */
const MAX_COUNT = 2_147_483_647;

// The ajv types need `as const` literals; these helpers keep the schema files short.
export function describe(zh: string, en: string): string {
  return zh ? `${zh} — ${en}` : en;
}

export function yuan(zh: string, en: string): JSONSchemaType<string> {
  return {
    type: 'string',
    pattern: YUAN_PATTERN,
    description: describe(zh, `${en}; yuan as an exact decimal string, at most 2 decimals`),
  };
}

export function signedYuan(zh: string, en: string): JSONSchemaType<string> {
  return {
    type: 'string',
    pattern: SIGNED_YUAN_PATTERN,
    description: describe(zh, `${en}; yuan as an exact decimal string, at most 2 decimals, may be negative`),
  };
}

export function percent(zh: string, en: string): JSONSchemaType<string> {
  return {
    type: 'string',
    pattern: PERCENT_PATTERN,
    description: describe(zh, `${en}; percent as a decimal string ("12.5" = 12.5 %)`),
  };
}

export function isoDate(zh: string, en: string): JSONSchemaType<string> {
  return { type: 'string', format: 'date', description: describe(zh, `${en}; ISO 8601 date YYYY-MM-DD`) };
}

export function instant(zh: string, en: string): JSONSchemaType<string> {
  return { type: 'string', format: 'date-time', description: describe(zh, `${en}; RFC 3339 date-time with zone`) };
}

export function creditCode(zh: string, en: string): JSONSchemaType<string> {
  return {
    type: 'string',
    pattern: CREDIT_CODE_PATTERN,
    gb32100: true,
    description: describe(zh, `${en}; 18-character unified social credit code (GB 32100)`),
  };
}

export function personId(zh: string, en: string): JSONSchemaType<string> {
  return {
    type: 'string',
    pattern: PERSON_ID_PATTERN,
    description: describe(
      zh,
      `${en}; resident id (GB 11643) for a natural person, credit code (GB 32100) for a legal person`,
    ),
  };
}

export function businessId(zh: string, en: string): JSONSchemaType<string> {
  return {
    type: 'string',
    pattern: BUSINESS_ID_PATTERN,
    description: describe(zh, `${en}; 1-128 characters A-Z a-z 0-9 . _ : / -`),
  };
}

export function text(zh: string, en: string, maxLength: number): JSONSchemaType<string> {
  return { type: 'string', minLength: 1, maxLength, description: describe(zh, en) };
}

export function count(zh: string, en: string): JSONSchemaType<number> {
  return { type: 'integer', minimum: 0, maximum: MAX_COUNT, description: describe(zh, `${en}; whole number`) };
}

export function flag(zh: string, en: string): JSONSchemaType<boolean> {
  return { type: 'boolean', description: describe(zh, en) };
}

export function countAmount(zh: string, en: string): JSONSchemaType<CountAmount> {
  return {
    type: 'object',
    description: describe(zh, `${en}: number of items and their amount`),
    additionalProperties: false,
    required: ['count', 'amount'],
    properties: {
      count: count('笔数', 'number of items'),
      amount: yuan('金额', 'amount'),
    },
  };
}

/**
 * Marks a property optional for ajv's `JSONSchemaType` (which insists on `nullable: true` for
 * optional members). `nullable` is stripped again before compiling and serving, because our
 * records omit optional fields instead of sending null; see `stripNullable`.
 */
export function optional<S extends object>(schema: S): S & { nullable: true } {
  return { ...schema, nullable: true };
}

/** A deep copy without `nullable` keys: null is never a valid value in these records. */
export function stripNullable<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item: unknown) => stripNullable(item)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) if (key !== 'nullable') copy[key] = stripNullable(value);
  return copy as T;
}
