// JSON Schema of the micro-loan company report (小额贷款公司报送); fields per MC-01..MC-09.
import { JSONSchemaType } from 'ajv';
import { MicroLoanReport } from './records';
import { REPORT_HEADER_PROPERTIES, REPORT_HEADER_REQUIRED } from './report-header.schema';
import { countAmount, describe, JSON_SCHEMA_DIALECT, percent, signedYuan, yuan } from './schema-fragments';

export const MICRO_LOAN_REPORT_SCHEMA_VERSION = 1;

export const microLoanReportSchema: JSONSchemaType<MicroLoanReport> = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `urn:risk:schema:micro_loan_report:${MICRO_LOAN_REPORT_SCHEMA_VERSION}`,
  title: 'MicroLoanReport',
  description: describe('小额贷款公司报送', 'micro-loan company report'),
  type: 'object',
  additionalProperties: false,
  required: [
    ...REPORT_HEADER_REQUIRED,
    'netAssets',
    'netAssetsPriorYearEnd',
    'loans',
    'largestBorrowerBalance',
    'largestBorrowerWithRelatedBalance',
    'nonStandardBorrowing',
    'standardisedBorrowing',
    'loanClassification',
    'overdue90PlusBalance',
    'provisionRequired',
    'provisionActual',
    'newLoans',
    'upfrontDeductions',
    'outOfProvinceLoans',
    'online',
  ],
  properties: {
    ...REPORT_HEADER_PROPERTIES,
    netAssets: signedYuan('净资产', 'net assets at period end'),
    netAssetsPriorYearEnd: signedYuan('上年末净资产', 'net assets at the end of the prior year (MC-03 base)'),
    loans: countAmount('贷款余额', 'outstanding loans'),
    largestBorrowerBalance: yuan('单户最大贷款余额', 'outstanding of the largest single borrower'),
    largestBorrowerWithRelatedBalance: yuan(
      '单户及其关联方贷款余额',
      'outstanding of the largest borrower together with its related parties',
    ),
    nonStandardBorrowing: {
      type: 'object',
      description: describe('非标准化融资', 'non-standard borrowing (MC-01)'),
      additionalProperties: false,
      required: ['bank', 'shareholder', 'other'],
      properties: {
        bank: yuan('银行借款', 'bank borrowing'),
        shareholder: yuan('股东借款', 'shareholder borrowing'),
        other: yuan('其他非标准化融资', 'other non-standard borrowing'),
      },
    },
    standardisedBorrowing: {
      type: 'object',
      description: describe('标准化债权类资产融资', 'standardised debt funding (MC-02)'),
      additionalProperties: false,
      required: ['bonds', 'abs'],
      properties: {
        bonds: yuan('债券', 'bonds outstanding'),
        abs: yuan('资产证券化产品', 'asset-backed securities outstanding'),
      },
    },
    loanClassification: {
      type: 'object',
      description: describe('五级分类', 'five-category loan classification; must add up to loans.amount'),
      additionalProperties: false,
      required: ['normal', 'specialMention', 'substandard', 'doubtful', 'loss'],
      properties: {
        normal: yuan('正常', 'normal'),
        specialMention: yuan('关注', 'special mention'),
        substandard: yuan('次级', 'substandard'),
        doubtful: yuan('可疑', 'doubtful'),
        loss: yuan('损失', 'loss'),
      },
    },
    overdue90PlusBalance: yuan('逾期90天以上贷款余额', 'loans more than 90 days overdue (MC-08)'),
    provisionRequired: yuan('应提贷款损失准备', 'required loan-loss provisions'),
    provisionActual: yuan('实提贷款损失准备', 'actual loan-loss provisions (MC-07)'),
    newLoans: {
      type: 'object',
      description: describe(
        '新发放贷款综合融资成本分布',
        'new loans by all-in annualised cost against the 1-year LPR (MC-05)',
      ),
      additionalProperties: false,
      required: ['lprOneYear', 'atMostFourLpr', 'aboveFourLprUpTo24', 'above24', 'maxAllInCost'],
      properties: {
        lprOneYear: percent('一年期LPR', 'one-year loan prime rate of the period'),
        atMostFourLpr: countAmount('不超过4倍LPR', 'all-in cost at most 4 x LPR'),
        aboveFourLprUpTo24: countAmount('4倍LPR至24%', 'all-in cost above 4 x LPR, at most 24 %'),
        above24: countAmount('超过24%', 'all-in cost above 24 %'),
        maxAllInCost: percent('最高综合年化成本', 'highest all-in annualised cost of a new loan'),
      },
    },
    upfrontDeductions: countAmount('砍头息', 'loans disbursed below the contract principal (MC-06); amount deducted'),
    outOfProvinceLoans: countAmount('跨省贷款', 'loans to borrowers outside the province (MC-09)'),
    online: {
      type: 'object',
      description: describe(
        '网络小额贷款单户最高余额',
        'online micro-loans: highest balance per account (MC-04); 0 when not an online lender',
      ),
      additionalProperties: false,
      required: ['maxConsumerBalance', 'maxBusinessBalance'],
      properties: {
        maxConsumerBalance: yuan('个人消费贷款单户最高余额', 'highest consumer balance of one account'),
        maxBusinessBalance: yuan('经营贷款单户最高余额', 'highest business balance of one account'),
      },
    },
  },
};
