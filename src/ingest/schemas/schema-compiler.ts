// One ajv instance (draft 2020-12) for all record schemas, with formats and the GB 32100
// check-character keyword. Each kind is compiled once per process on first use: compiling all
// ten costs around a second on a busy machine, which a consumer of one topic should not pay.
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { creditCodeProblem, describeCreditCodeProblem } from '../../firms/credit-code';
import { RecordKind, RecordsByKind } from './records';
import { schemaFor } from './schema-registry';

let ajv: Ajv2020 | null = null;
const compiled: Partial<ValidatorMap> = {};

export function createAjv(): Ajv2020 {
  // allErrors: report every bad field at once, so a firm fixes its export in one round.
  // verbose: keep the offending value so the message can show it.
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
  addFormats(ajv, ['date', 'date-time', 'uri']);
  ajv.addKeyword({
    keyword: 'gb32100',
    type: 'string',
    schemaType: 'boolean',
    errors: true,
    validate: checkCreditCode,
  });
  return ajv;
}

type KeywordCheck = ((enabled: boolean, data: string) => boolean) & { errors?: Array<Partial<ErrorObject>> };

const checkCreditCode: KeywordCheck = (enabled, data) => {
  const problem = enabled ? creditCodeProblem(data) : null;
  // Length and alphabet are the pattern's job; this keyword adds only the check character, so a
  // caller gets one message per field, not two.
  if (problem !== 'check') return true;
  checkCreditCode.errors = [{ keyword: 'gb32100', message: describeCreditCodeProblem(problem), params: { problem } }];
  return false;
};

type ValidatorMap = { [K in RecordKind]: ValidateFunction<RecordsByKind[K]> };

/** The compiled validator of one kind; each kind is compiled on first use and kept. */
export function compiledValidator<K extends RecordKind>(kind: K): ValidateFunction<RecordsByKind[K]> {
  ajv ??= createAjv();
  const existing = compiled[kind] as ValidateFunction<RecordsByKind[K]> | undefined;
  if (existing) return existing;
  const validate = ajv.compile(schemaFor(kind));
  (compiled as Record<string, unknown>)[kind] = validate;
  return validate;
}
