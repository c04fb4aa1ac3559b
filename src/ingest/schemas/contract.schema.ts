// JSON Schema of a contract (合同) with its document addressed by SHA-256.
import { JSONSchemaType } from 'ajv';
import { ContractRecord } from './records';
import {
  BASE64_PATTERN,
  businessId,
  creditCode,
  describe,
  isoDate,
  JSON_SCHEMA_DIALECT,
  optional,
  percent,
  personId,
  SHA256_PATTERN,
  text,
  yuan,
} from './schema-fragments';

export const CONTRACT_SCHEMA_VERSION = 1;

/** 20 MB of document bytes as base64; larger documents are uploaded separately by hash. */
export const MAX_DOCUMENT_BASE64_LENGTH = 27_962_028;

type Party = ContractRecord['parties'][number];

const party: JSONSchemaType<Party> = {
  type: 'object',
  description: describe('合同当事人', 'a party to the contract'),
  additionalProperties: false,
  required: ['role', 'name', 'partyType', 'idNumber'],
  properties: {
    role: {
      type: 'string',
      enum: ['lender', 'borrower', 'guarantor', 'guaranteed', 'entrusting', 'entrusted'],
      description: describe(
        '当事人角色',
        'role: lender 出借人, borrower 借款人, guarantor 担保人, guaranteed 被担保人, entrusting 委托人, entrusted 受托人',
      ),
    },
    name: text('名称/姓名', 'name of the party', 200),
    partyType: {
      type: 'string',
      enum: ['natural_person', 'legal_person'],
      description: describe('当事人类型', 'natural_person or legal_person'),
    },
    idNumber: personId('身份证号/统一社会信用代码', 'id of the party; keyed-hashed at intake'),
  },
};

export const contractSchema: JSONSchemaType<ContractRecord> = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `urn:risk:schema:contract:${CONTRACT_SCHEMA_VERSION}`,
  title: 'ContractRecord',
  description: describe('合同', 'a contract, its document kept off-chain and addressed by hash'),
  type: 'object',
  additionalProperties: false,
  required: [
    'contractId',
    'firmCreditCode',
    'contractType',
    'signedAt',
    'startDate',
    'endDate',
    'principal',
    'parties',
    'documentSha256',
    'documentMediaType',
  ],
  properties: {
    contractId: businessId('合同编号', "the firm's id of the contract"),
    firmCreditCode: creditCode('统一社会信用代码', 'the submitting firm'),
    contractType: {
      type: 'string',
      enum: ['loan', 'guarantee', 'entrustment'],
      description: describe('合同类型', 'loan 借款, guarantee 担保 or entrustment 委托'),
    },
    signedAt: isoDate('签订日期', 'date signed'),
    startDate: isoDate('起始日', 'first day of the term'),
    endDate: isoDate('到期日', 'last day of the term'),
    principal: yuan('合同金额', 'principal or guaranteed amount'),
    annualRate: optional(percent('综合年化成本', 'all-in annualised cost, where applicable')),
    parties: {
      type: 'array',
      description: describe('当事人', 'the parties; at least one'),
      items: party,
      minItems: 1,
      maxItems: 1000,
    },
    documentSha256: {
      type: 'string',
      pattern: SHA256_PATTERN,
      description: describe('合同文件摘要', 'SHA-256 of the document bytes, 64 lower-case hex digits'),
    },
    documentMediaType: {
      type: 'string',
      pattern: '^[a-z]+/[A-Za-z0-9.+-]+(;.*)?$',
      maxLength: 200,
      description: describe('文件类型', 'media type of the document, e.g. application/pdf'),
    },
    documentBase64: optional({
      type: 'string',
      pattern: BASE64_PATTERN,
      maxLength: MAX_DOCUMENT_BASE64_LENGTH,
      description: describe(
        '合同文件',
        'base64 of the document bytes; may be omitted when the same hash was uploaded before',
      ),
    } as const),
  },
};
