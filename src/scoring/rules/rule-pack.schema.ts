import { FIRM_KINDS } from '../../firms/firm.entity';
import { RULE_TIERS } from './rule-pack';

const tierThresholds = Object.fromEntries(RULE_TIERS.map((t) => [t, { type: 'number' }]));

/** JSON Schema (ajv) of a rule pack file; semantic checks (feature names, ordering) follow in the loader. */
export const RULE_PACK_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['pack', 'version', 'title', 'appliesTo', 'rules'],
  properties: {
    pack: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
    version: { type: 'integer', minimum: 1 },
    title: { $ref: '#/$defs/title' },
    appliesTo: {
      oneOf: [{ const: 'all' }, { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...FIRM_KINDS] } }],
    },
    rules: { type: 'array', minItems: 1, items: { $ref: '#/$defs/rule' } },
  },
  $defs: {
    title: {
      type: 'object',
      additionalProperties: false,
      required: ['zh', 'en'],
      properties: { zh: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
    },
    rule: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'title', 'basis', 'mark', 'type', 'metric', 'unit', 'breach', 'veto', 'explanation'],
      properties: {
        id: { type: 'string', pattern: '^[A-Z0-9]+-[0-9]{2}(/[a-z0-9_]+)?$' },
        title: { $ref: '#/$defs/title' },
        basis: { type: 'string', minLength: 1 },
        mark: { enum: ['S', 'M', 'D'] },
        type: { enum: ['quantitative', 'qualitative'] },
        metric: { type: 'string', minLength: 1 },
        unit: { enum: ['yuan', 'ratio', 'times', 'percent', 'pp', 'days', 'count', 'z-score', 'boolean'] },
        when: { type: 'string', minLength: 1 },
        breach: { enum: ['gt', 'gte', 'lt', 'lte', 'true'] },
        thresholds: { type: 'object', additionalProperties: false, minProperties: 1, properties: tierThresholds },
        tier: { enum: [...RULE_TIERS] },
        escalate: {
          type: 'object',
          additionalProperties: false,
          required: ['when', 'reason'],
          properties: { when: { type: 'string', minLength: 1 }, reason: { type: 'string', minLength: 1 } },
        },
        veto: { enum: [false, 'orange', 'red'] },
        explanation: { type: 'string', minLength: 1 },
      },
      allOf: [
        {
          if: { properties: { type: { const: 'quantitative' } } },
          then: { required: ['thresholds'], properties: { breach: { enum: ['gt', 'gte', 'lt', 'lte'] } } },
        },
        {
          if: { properties: { type: { const: 'qualitative' } } },
          then: { required: ['tier'], properties: { breach: { const: 'true' }, unit: { const: 'boolean' } } },
        },
      ],
    },
  },
} as const;
