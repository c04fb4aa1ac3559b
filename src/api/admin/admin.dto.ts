import type { JSONSchemaType } from 'ajv';
import { FIRM_KINDS, LICENCE_STATUSES, type LicenceStatus } from '../../firms/firm.entity';
import type { FirmInput } from '../../firms/firm-input';
import { bodyParser } from '../openapi/json-dto';

// Shapes only; the domain checks the rest (credit code check character, GB/T 2260 region).
export const REGISTER_FIRM_SCHEMA: JSONSchemaType<FirmInput> = {
  type: 'object',
  properties: {
    creditCode: { type: 'string', minLength: 18, maxLength: 18, description: '统一社会信用代码 (GB 32100)' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    kind: { type: 'string', enum: [...FIRM_KINDS] },
    regionCode: { type: 'string', pattern: '^[0-9]{6}$', description: 'GB/T 2260 county (or city) of supervision' },
    licenceStatus: { type: 'string', nullable: true, enum: [...LICENCE_STATUSES] },
  },
  required: ['creditCode', 'name', 'kind', 'regionCode'],
  additionalProperties: false,
};

export interface LicenceChangeDto {
  licenceStatus: LicenceStatus;
}

export const LICENCE_CHANGE_SCHEMA: JSONSchemaType<LicenceChangeDto> = {
  type: 'object',
  properties: { licenceStatus: { type: 'string', enum: [...LICENCE_STATUSES] } },
  required: ['licenceStatus'],
  additionalProperties: false,
};

export interface IssueKeyDto {
  /** Which sender the key is for, e.g. "core-system-2026". */
  label?: string;
}

export const ISSUE_KEY_SCHEMA: JSONSchemaType<IssueKeyDto> = {
  type: 'object',
  properties: { label: { type: 'string', nullable: true, maxLength: 100 } },
  additionalProperties: false,
};

export const parseRegisterFirm = bodyParser(REGISTER_FIRM_SCHEMA, 'firm registration');
export const parseLicenceChange = bodyParser(LICENCE_CHANGE_SCHEMA, 'licence change');
export const parseIssueKey = bodyParser(ISSUE_KEY_SCHEMA, 'API key request');
