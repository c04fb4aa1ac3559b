import { FieldProblem, ValidationFailed } from '../platform/errors/domain-error';
import { creditCodeProblem, describeCreditCodeProblem } from './credit-code';
import { FIRM_KINDS, FirmKind, LICENCE_STATUSES, LicenceStatus } from './firm.entity';
import { regionCodeProblem } from './region-code';

export interface FirmInput {
  creditCode: string;
  name: string;
  kind: FirmKind;
  regionCode: string;
  licenceStatus?: LicenceStatus;
}

/** Checks a firm registration field by field; throws ValidationFailed listing every problem. */
export function validateFirmInput(input: FirmInput): FirmInput {
  const problems: FieldProblem[] = [];
  const codeProblem = typeof input.creditCode === 'string' ? creditCodeProblem(input.creditCode) : 'length';
  if (codeProblem)
    problems.push({
      pointer: '/creditCode',
      detail: `unified social credit code ${describeCreditCodeProblem(codeProblem)}`,
    });
  if (typeof input.name !== 'string' || input.name.trim() === '')
    problems.push({ pointer: '/name', detail: 'must be a non-empty name' });
  if (!FIRM_KINDS.includes(input.kind))
    problems.push({ pointer: '/kind', detail: `must be one of ${FIRM_KINDS.join(', ')}` });
  const regionProblem =
    typeof input.regionCode === 'string' ? regionCodeProblem(input.regionCode) : 'must be 6 digits (GB/T 2260)';
  if (regionProblem) problems.push({ pointer: '/regionCode', detail: regionProblem });
  if (input.licenceStatus !== undefined && !LICENCE_STATUSES.includes(input.licenceStatus)) {
    problems.push({ pointer: '/licenceStatus', detail: `must be one of ${LICENCE_STATUSES.join(', ')}` });
  }
  if (problems.length) throw new ValidationFailed('the firm registration is invalid', problems);
  return { ...input, name: input.name.trim() };
}
