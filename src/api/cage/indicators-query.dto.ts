import type { JSONSchemaType } from 'ajv';
import { queryParser } from '../openapi/json-dto';

export interface IndicatorsQuery {
  /** YYYY-MM, Beijing time. */
  month: string;
}

export const INDICATORS_QUERY_SCHEMA: JSONSchemaType<IndicatorsQuery> = {
  type: 'object',
  properties: {
    month: { type: 'string', pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$', description: 'calendar month, Beijing time' },
  },
  required: ['month'],
  additionalProperties: false,
};

export const parseIndicatorsQuery = queryParser(INDICATORS_QUERY_SCHEMA, 'indicators');
