// Record schemas compile in the platform's one Ajv (draft 2020-12, formats), with the GB 32100
// check-character keyword added. Each kind is compiled once per process on first use: compiling
// all ten costs around a second on a busy machine, which a consumer of one topic should not pay.
import type { ErrorObject } from 'ajv';
import { creditCodeProblem, describeCreditCodeProblem } from '../../firms/credit-code';
import { ensureKeyword } from '../../platform/validation/ajv';
import { schemaCheck, type SchemaCheck } from '../../platform/validation/schema-check';
import { RecordKind, RecordsByKind } from './records';
import { RECORD_WORDING } from './schema-errors';
import { schemaFor } from './schema-registry';

type KeywordCheck = ((enabled: boolean, data: string) => boolean) & { errors?: Array<Partial<ErrorObject>> };

const checkCreditCode: KeywordCheck = (enabled, data) => {
  const problem = enabled ? creditCodeProblem(data) : null;
  // Length and alphabet are the pattern's job; this keyword adds only the check character, so a
  // caller gets one message per field, not two.
  if (problem !== 'check') return true;
  checkCreditCode.errors = [
    { keyword: 'gb32100', message: `${describeCreditCodeProblem(problem)}, got ${data}`, params: { problem } },
  ];
  return false;
};

ensureKeyword({ keyword: 'gb32100', type: 'string', schemaType: 'boolean', errors: true, validate: checkCreditCode });

type CheckMap = { [K in RecordKind]: SchemaCheck<RecordsByKind[K]> };
const compiled: Partial<CheckMap> = {};

/** The compiled check of one kind (problems worded for a firm's developer); compiled on first use and kept. */
export function compiledCheck<K extends RecordKind>(kind: K): SchemaCheck<RecordsByKind[K]> {
  const existing = compiled[kind] as SchemaCheck<RecordsByKind[K]> | undefined;
  if (existing) return existing;
  const check = schemaCheck<RecordsByKind[K]>(schemaFor(kind), RECORD_WORDING);
  (compiled as Record<string, unknown>)[kind] = check;
  return check;
}
