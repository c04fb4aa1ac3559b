import type { JSONSchemaType } from 'ajv';
import { FINDING_CODES } from '../../scoring/features/firm-history';
import type { FindingClosure, NewFinding } from '../../scoring/findings.service';
import { bodyParser } from '../openapi/json-dto';

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

export const NEW_FINDING_SCHEMA: JSONSchemaType<NewFinding> = {
  type: 'object',
  properties: {
    code: {
      type: 'string',
      enum: [...FINDING_CODES],
      description: 'what was confirmed (查实事项), e.g. term_splitting 期限拆分, fund_pooling 资金池',
    },
    confirmedOn: {
      type: 'string',
      nullable: true,
      pattern: DATE,
      format: 'date',
      description: '查实日期 (default today; never in the future)',
    },
    source: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'e.g. 现场检查 2026-03, 非现场监测, 公安移送',
    },
    note: { type: 'string', minLength: 1, maxLength: 4000, description: 'what was found, with the file reference' },
  },
  required: ['code', 'source', 'note'],
  additionalProperties: false,
};

export const FINDING_CLOSURE_SCHEMA: JSONSchemaType<FindingClosure> = {
  type: 'object',
  properties: {
    closedOn: {
      type: 'string',
      nullable: true,
      pattern: DATE,
      format: 'date',
      description: 'the day it stopped counting (default today)',
    },
    reason: {
      type: 'string',
      minLength: 1,
      maxLength: 2000,
      description: '整改完成 with the evidence, or why it was overturned',
    },
  },
  required: ['reason'],
  additionalProperties: false,
};

export const parseNewFinding = bodyParser(NEW_FINDING_SCHEMA, 'finding');
export const parseFindingClosure = bodyParser(FINDING_CLOSURE_SCHEMA, 'closure');
