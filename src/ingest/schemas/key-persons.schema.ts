// JSON Schema of the key-person list (关键人员): the full current list, replacing the previous one.
import { JSONSchemaType } from 'ajv';
import { KEY_PERSON_ROLES, KeyPersonsRecord } from './records';
import {
  businessId,
  creditCode,
  describe,
  isoDate,
  JSON_SCHEMA_DIALECT,
  optional,
  percent,
  personId,
  text,
} from './schema-fragments';

export const KEY_PERSONS_SCHEMA_VERSION = 1;

type Person = KeyPersonsRecord['persons'][number];

const person: JSONSchemaType<Person> = {
  type: 'object',
  description: describe('关键人员', 'a key person of the firm'),
  additionalProperties: false,
  required: ['role', 'name', 'personType', 'idNumber'],
  properties: {
    role: {
      type: 'string',
      enum: KEY_PERSON_ROLES,
      description: describe(
        '职务/身份',
        'role: legal_representative 法定代表人, actual_controller 实际控制人, shareholder 股东, director 董事, supervisor 监事, manager 高级管理人员',
      ),
    },
    name: text('姓名/名称', 'name of the person', 200),
    personType: {
      type: 'string',
      enum: ['natural_person', 'legal_person'],
      description: describe('人员类型', 'natural_person or legal_person (a corporate shareholder)'),
    },
    idNumber: personId('身份证号/统一社会信用代码', 'id of the person; keyed-hashed at intake'),
    sharePct: optional(percent('持股比例', 'shareholding of a shareholder; all shareholders add up to at most 100')),
  },
};

export const keyPersonsSchema: JSONSchemaType<KeyPersonsRecord> = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `urn:risk:schema:key_persons:${KEY_PERSONS_SCHEMA_VERSION}`,
  title: 'KeyPersonsRecord',
  description: describe('关键人员名单', 'the full current list of key persons; a newer list replaces the older one'),
  type: 'object',
  additionalProperties: false,
  required: ['recordId', 'firmCreditCode', 'asOf', 'persons'],
  properties: {
    recordId: businessId('报送编号', "the firm's id of this list"),
    firmCreditCode: creditCode('统一社会信用代码', 'the firm'),
    asOf: isoDate('截止日期', 'date the list is current as of'),
    persons: {
      type: 'array',
      description: describe('人员', 'the persons; at least one'),
      items: person,
      minItems: 1,
      maxItems: 1000,
    },
  },
};
