import type { JSONSchemaType } from 'ajv';
import { GOV_FEED_KINDS } from '../../ingest/intake/firm-kind-rules';
import type { NewAgencyKey } from '../../ingest/keys/agency-api-keys.service';
import { bodyParser } from '../openapi/json-dto';

export const ISSUE_AGENCY_KEY_SCHEMA: JSONSchemaType<NewAgencyKey> = {
  type: 'object',
  properties: {
    agency: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'the sending agency, e.g. 杭州市中级人民法院',
    },
    kinds: {
      type: 'array',
      minItems: 1,
      maxItems: GOV_FEED_KINDS.length,
      items: { type: 'string', enum: [...GOV_FEED_KINDS] },
      description: 'the feed kinds this key may send',
    },
    label: { type: 'string', nullable: true, maxLength: 100, description: 'which sender the key is for' },
  },
  required: ['agency', 'kinds'],
  additionalProperties: false,
};

export const parseIssueAgencyKey = bodyParser(ISSUE_AGENCY_KEY_SCHEMA, 'agency key request');
