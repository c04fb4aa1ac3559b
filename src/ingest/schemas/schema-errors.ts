// How problems with a record are worded for a firm's developer: the platform's converter
// (platform/validation/field-problems.ts) with the sentences for the patterns of the record schemas.
import { show, type ProblemWording } from '../../platform/validation/field-problems';
import {
  BASE64_PATTERN,
  BUSINESS_ID_PATTERN,
  CREDIT_CODE_PATTERN,
  PERCENT_PATTERN,
  PERSON_ID_PATTERN,
  SHA256_PATTERN,
  SIGNED_YUAN_PATTERN,
  YUAN_PATTERN,
} from './schema-fragments';

const YUAN = 'must be an exact decimal amount in yuan with at most 2 decimals';

export const RECORD_WORDING: ProblemWording = {
  patterns: {
    [YUAN_PATTERN]: (value) =>
      `${YUAN}, got ${show(value)}${typeof value === 'string' && value.startsWith('-') ? ' (negative amounts are not allowed here)' : ''}`,
    [SIGNED_YUAN_PATTERN]:
      'must be an exact decimal amount in yuan with at most 2 decimals (a leading minus is allowed)',
    [PERCENT_PATTERN]: 'must be a percentage as a decimal string with at most 4 decimals, e.g. "12.5" for 12.5 %',
    [CREDIT_CODE_PATTERN]:
      'must be an 18-character unified social credit code of digits and upper-case letters except I, O, S, V, Z (GB 32100)',
    [PERSON_ID_PATTERN]: 'must be an 18-character resident id (GB 11643) or unified social credit code (GB 32100)',
    [BUSINESS_ID_PATTERN]: 'must be 1-128 characters of A-Z, a-z, 0-9 and . _ : / -, starting with a letter or digit',
    [SHA256_PATTERN]: 'must be a SHA-256 digest as 64 lower-case hexadecimal digits',
    [BASE64_PATTERN]: 'must be standard base64 (A-Z, a-z, 0-9, +, /, padded with =)',
  },
  // Identity numbers are personal data: messages about them never echo the value.
  secretPatterns: new Set([PERSON_ID_PATTERN]),
  unknownField: 'is not a field of this record (check the spelling, or remove it)',
};
