// JSON Schema of the P2P platform report (网络借贷信息中介机构经营数据报送); fields per P2P-08 and EW-01..09.
import { JSONSchemaType } from 'ajv';
import { LargeBorrower, P2pReport } from './records';
import { REPORT_HEADER_PROPERTIES, REPORT_HEADER_REQUIRED } from './report-header.schema';
import {
  count,
  countAmount,
  describe,
  flag,
  JSON_SCHEMA_DIALECT,
  percent,
  personId,
  text,
  yuan,
} from './schema-fragments';

export const P2P_REPORT_SCHEMA_VERSION = 1;

const largeBorrower: JSONSchemaType<LargeBorrower> = {
  type: 'object',
  description: describe('大额借款人', 'a borrower above the per-borrower caps (P2P-01, P2P-02)'),
  additionalProperties: false,
  required: ['borrowerType', 'idNumber', 'outstanding'],
  properties: {
    borrowerType: {
      type: 'string',
      enum: ['natural_person', 'legal_person'],
      description: describe('借款人类型', 'natural_person or legal_person'),
    },
    idNumber: personId('身份证号/统一社会信用代码', 'id of the borrower; keyed-hashed at intake'),
    outstanding: yuan('借款余额', 'outstanding principal of this borrower on this platform'),
  },
};

export const p2pReportSchema: JSONSchemaType<P2pReport> = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `urn:risk:schema:p2p_report:${P2P_REPORT_SCHEMA_VERSION}`,
  title: 'P2pReport',
  description: describe('网络借贷信息中介机构经营数据报送', 'P2P lending platform operating report'),
  type: 'object',
  additionalProperties: false,
  required: [
    ...REPORT_HEADER_REQUIRED,
    'outstanding',
    'cumulative',
    'lenderCount',
    'newLenderCount',
    'borrowerCount',
    'top10BorrowerBalance',
    'largestBorrowerBalance',
    'relatedPartyLoanBalance',
    'overdue',
    'compensation',
    'cumulativeCompensation',
    'newLending',
    'payouts',
    'withdrawalDelayMaxDays',
    'withdrawalCapped',
    'averageLoanTermDays',
    'averageLenderTermDays',
    'averageYield',
    'custody',
    'fees',
    'largeBorrowers',
  ],
  properties: {
    ...REPORT_HEADER_PROPERTIES,
    outstanding: countAmount('借贷余额', 'outstanding loans at period end'),
    cumulative: countAmount('累计借贷', 'cumulative loans since launch'),
    lenderCount: count('当期出借人数量', 'lenders in the period'),
    newLenderCount: count('新增出借人数量', 'new lenders in the period'),
    borrowerCount: count('当期借款人数量', 'borrowers in the period'),
    top10BorrowerBalance: yuan('前十大借款人待还金额', 'outstanding of the ten largest borrowers'),
    largestBorrowerBalance: yuan('最大单一借款人待还金额', 'outstanding of the largest borrower'),
    relatedPartyLoanBalance: yuan('关联关系借款余额', 'outstanding loans to related parties (自融 if above zero)'),
    overdue: {
      type: 'object',
      description: describe('逾期', 'overdue loans by days past due'),
      additionalProperties: false,
      required: ['upTo90Days', 'from91To180Days', 'over180Days'],
      properties: {
        upTo90Days: countAmount('逾期90天以内', 'overdue 1-90 days'),
        from91To180Days: countAmount('逾期91-180天', 'overdue 91-180 days'),
        over180Days: countAmount('逾期180天以上', 'overdue more than 180 days'),
      },
    },
    compensation: yuan('代偿金额', 'compensation paid for borrowers in the period'),
    cumulativeCompensation: yuan('累计代偿金额', 'cumulative compensation'),
    newLending: yuan('新增借贷金额', 'new lending in the period'),
    payouts: yuan('兑付/提现金额', 'payouts and withdrawals to lenders in the period'),
    withdrawalDelayMaxDays: count('提现最长延迟天数', 'longest withdrawal delay in days'),
    withdrawalCapped: flag('限制提现', 'withdrawals capped or queued'),
    averageLoanTermDays: count('借款端平均期限', 'average loan term in days'),
    averageLenderTermDays: count(
      '出借端平均期限',
      'average lender-facing term in days; shorter than the loan term means term splitting (期限拆分)',
    ),
    averageYield: percent('出借人平均年化收益率', 'average annualised lender yield'),
    custody: {
      type: 'object',
      description: describe('资金存管', 'bank custody of platform funds (P2P-05)'),
      additionalProperties: false,
      required: ['bankName', 'balance', 'reconciledDaily'],
      properties: {
        bankName: text('存管银行', 'custodian bank', 200),
        balance: yuan('存管账户余额', 'custody account balance'),
        reconciledDaily: flag('每日对账', 'reconciled with the bank every day'),
      },
    },
    fees: yuan('平台收费', 'fees charged by the platform in the period'),
    largeBorrowers: {
      type: 'array',
      description: describe(
        '大额借款人清单',
        'borrowers above the per-borrower caps, and the largest borrower whenever /largestBorrowerBalance exceeds ¥200,000 (so the bureau can tell which cap applies)',
      ),
      items: largeBorrower,
      maxItems: 10_000,
    },
  },
};
