import type { JSONSchemaType } from 'ajv';
import { OUTCOME_TYPES } from '../../scoring/outcomes/outcome';
import type { NewOfficialOutcome } from '../../scoring/outcomes/outcomes.service';
import { bodyParser } from '../openapi/json-dto';

export const NEW_OUTCOME_SCHEMA: JSONSchemaType<NewOfficialOutcome> = {
  type: 'object',
  properties: {
    outcome: {
      type: 'string',
      enum: [...OUTCOME_TYPES],
      description: 'licence_revoked 吊销许可, run 挤兑, payout_stop 停止兑付, case_filed 立案, exit 退出',
    },
    occurredOn: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      format: 'date',
      description: '发生日期 (never in the future)',
    },
    note: { type: 'string', minLength: 1, maxLength: 2000, description: 'how it is known, with the file reference' },
  },
  required: ['outcome', 'occurredOn', 'note'],
  additionalProperties: false,
};

export interface ModelPromotionBody {
  comparisonId: string;
}

export const MODEL_PROMOTION_SCHEMA: JSONSchemaType<ModelPromotionBody> = {
  type: 'object',
  properties: {
    comparisonId: {
      type: 'string',
      pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
      description: 'the comparison report of this version (npm run train -- --from-database prints it)',
    },
  },
  required: ['comparisonId'],
  additionalProperties: false,
};

export const parseNewOutcome = bodyParser(NEW_OUTCOME_SCHEMA, 'outcome');
export const parseModelPromotion = bodyParser(MODEL_PROMOTION_SCHEMA, 'promotion');
