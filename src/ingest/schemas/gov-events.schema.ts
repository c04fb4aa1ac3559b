// JSON Schemas of the government feed events: 工商 registry, 税务 tax, 法院 courts, 社保/公积金.
import { JSONSchemaType } from 'ajv';
import {
  CourtEvent,
  REGISTRY_OFFICER_ROLES,
  RegistryEvent,
  RegistryOfficer,
  RegistryShareholder,
  SocialSecurityEvent,
  TaxEvent,
} from './records';
import {
  businessId,
  count,
  creditCode,
  describe,
  isoDate,
  JSON_SCHEMA_DIALECT,
  optional,
  percent,
  personId,
  text,
  yuan,
} from './schema-fragments';

// v2: shareholder and officer lists (optional, so every v1 event is still a valid v2 event).
export const REGISTRY_EVENT_SCHEMA_VERSION = 2;
export const TAX_EVENT_SCHEMA_VERSION = 1;
export const COURT_EVENT_SCHEMA_VERSION = 1;
export const SOCIAL_SECURITY_EVENT_SCHEMA_VERSION = 1;

const eventId = businessId('事件编号', "the feed's own id of the event; with the source it makes the event idempotent");
const firm = creditCode('统一社会信用代码', 'the firm the event is about');
const occurredAt = isoDate('发生日期', 'date the event occurred');

const shareholder: JSONSchemaType<RegistryShareholder> = {
  type: 'object',
  description: describe('股东', 'a shareholder as registered'),
  additionalProperties: false,
  required: ['name', 'holderType', 'sharePct'],
  properties: {
    name: text('股东名称/姓名', 'name of the shareholder', 200),
    holderType: {
      type: 'string',
      enum: ['natural_person', 'legal_person'],
      description: describe('股东类型', 'natural_person 自然人股东 or legal_person 法人股东'),
    },
    idNumber: optional(
      personId('证件号码', 'id of the shareholder when the registry gives it; keyed-hashed at intake'),
    ),
    sharePct: percent('持股比例', 'share of the registered capital'),
    subscribedCapital: optional(yuan('认缴出资额', 'subscribed capital')),
    paidInCapital: optional(yuan('实缴出资额', 'paid-in capital')),
    since: optional(isoDate('出资日期', 'date the holding was registered')),
  },
};

const officer: JSONSchemaType<RegistryOfficer> = {
  type: 'object',
  description: describe('主要人员', 'an officer as registered'),
  additionalProperties: false,
  required: ['name', 'role'],
  properties: {
    name: text('姓名', 'name of the officer', 200),
    role: {
      type: 'string',
      enum: REGISTRY_OFFICER_ROLES,
      description: describe('职务', 'legal_representative 法定代表人, director 董事, supervisor 监事, manager 经理'),
    },
    idNumber: optional(personId('证件号码', 'id of the officer when the registry gives it; keyed-hashed at intake')),
    since: optional(isoDate('任职日期', 'date the appointment was registered')),
  },
};

export const registryEventSchema: JSONSchemaType<RegistryEvent> = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `urn:risk:schema:registry_event:${REGISTRY_EVENT_SCHEMA_VERSION}`,
  title: 'RegistryEvent',
  description: describe('工商登记事件', 'business registry event (PD-01)'),
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'firmCreditCode', 'occurredAt', 'type'],
  properties: {
    eventId,
    firmCreditCode: firm,
    occurredAt,
    type: {
      type: 'string',
      enum: [
        'abnormal_operation_list',
        'serious_violation_list',
        'capital_reduction',
        'legal_representative_change',
        'address_change',
        'shareholder_change',
        'deregistration',
        'registration_snapshot',
      ],
      description: describe(
        '事件类型',
        'abnormal_operation_list 经营异常名录, serious_violation_list 严重违法失信名单, capital_reduction 减资, legal_representative_change 法定代表人变更, address_change 住所变更, shareholder_change 股东变更, deregistration 注销, registration_snapshot 登记信息 (the current lists, no change)',
      ),
    },
    detail: optional(text('详情', 'free-text detail from the registry', 2000)),
    shareholders: optional({
      type: 'array',
      description: describe('股东名录', 'the full shareholder list after the event; replaces the previous one'),
      items: shareholder,
      maxItems: 5000,
    }),
    officers: optional({
      type: 'array',
      description: describe('主要人员', 'the full officer list after the event'),
      items: officer,
      maxItems: 1000,
    }),
  },
};

export const taxEventSchema: JSONSchemaType<TaxEvent> = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `urn:risk:schema:tax_event:${TAX_EVENT_SCHEMA_VERSION}`,
  title: 'TaxEvent',
  description: describe('税务事件', 'tax event (PD-02)'),
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'firmCreditCode', 'occurredAt', 'type'],
  properties: {
    eventId,
    firmCreditCode: firm,
    occurredAt,
    type: {
      type: 'string',
      enum: ['arrears_notice', 'major_violation_list'],
      description: describe('事件类型', 'arrears_notice 欠税公告 or major_violation_list 重大税收违法失信'),
    },
    amount: optional(yuan('金额', 'amount in arrears or involved')),
  },
};

export const courtEventSchema: JSONSchemaType<CourtEvent> = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `urn:risk:schema:court_event:${COURT_EVENT_SCHEMA_VERSION}`,
  title: 'CourtEvent',
  description: describe('司法事件', 'court event (PD-03)'),
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'firmCreditCode', 'occurredAt', 'caseNumber', 'type', 'subject'],
  properties: {
    eventId,
    firmCreditCode: firm,
    occurredAt,
    caseNumber: text('案号', 'case number, e.g. (2025)浙0106执123号', 100),
    type: {
      type: 'string',
      enum: ['enforcement', 'dishonest_list', 'consumption_ban', 'lawsuit'],
      description: describe(
        '事件类型',
        'enforcement 被执行人, dishonest_list 失信被执行人, consumption_ban 限制高消费, lawsuit 诉讼',
      ),
    },
    subject: {
      type: 'string',
      enum: ['firm', 'key_person'],
      description: describe('当事主体', 'who the case is against: the firm or one of its key persons'),
    },
    subjectIdNumber: optional(
      personId('当事人证件号码', 'id of the key person the case is against; required when subject is key_person'),
    ),
    amount: optional(yuan('涉案金额', 'amount at stake')),
    plaintiffRole: optional({
      type: 'string',
      enum: ['lender', 'borrower', 'supplier', 'employee', 'other'],
      description: describe('原告身份', "lawsuits only: the plaintiffs' role; a cluster of lender suits signals a run"),
    } as const),
  },
};

export const socialSecurityEventSchema: JSONSchemaType<SocialSecurityEvent> = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `urn:risk:schema:social_security_event:${SOCIAL_SECURITY_EVENT_SCHEMA_VERSION}`,
  title: 'SocialSecurityEvent',
  description: describe('社保/公积金缴存情况', 'social security or housing fund status (PD-04)'),
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'firmCreditCode', 'occurredAt', 'fund', 'insuredHeadcount', 'arrears'],
  properties: {
    eventId,
    firmCreditCode: firm,
    occurredAt,
    fund: {
      type: 'string',
      enum: ['social_security', 'housing_fund'],
      description: describe('险种', 'social_security 社保 or housing_fund 公积金'),
    },
    insuredHeadcount: count('参保人数', 'insured headcount'),
    arrears: yuan('欠缴金额', 'contributions in arrears'),
  },
};
