import type { JSONSchemaType } from 'ajv';
import { regionCodeProblem } from '../../firms/region-code';
import { ValidationFailed } from '../../platform/errors/domain-error';
import { queryParser } from '../openapi/json-dto';

/** GET /v1/reports/monthly query. */
export interface MonthlyReportQuery {
  /** GB/T 2260 code of a county, city or province within the caller's scope. */
  region: string;
  /** YYYY-MM. */
  month: string;
}

export const MONTHLY_REPORT_QUERY_SCHEMA: JSONSchemaType<MonthlyReportQuery> = {
  type: 'object',
  properties: {
    region: { type: 'string', pattern: '^[0-9]{6}$' },
    month: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' },
  },
  required: ['region', 'month'],
  additionalProperties: false,
};

const parse = queryParser(MONTHLY_REPORT_QUERY_SCHEMA, 'monthly report');

export function parseMonthlyReportQuery(input: unknown): MonthlyReportQuery {
  const query = parse(input);
  // Whether a code exists in GB/T 2260 is a table lookup, not a pattern.
  const problem = regionCodeProblem(query.region);
  if (problem) throw new ValidationFailed(`region ${problem}`, [{ pointer: '/query/region', detail: problem }]);
  return query;
}
