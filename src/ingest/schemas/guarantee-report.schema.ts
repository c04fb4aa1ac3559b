// JSON Schema of the financing guarantee company report (融资担保公司报送); fields per FG-01..FG-08.
import { JSONSchemaType } from 'ajv';
import { GuaranteeReport } from './records';
import { REPORT_HEADER_PROPERTIES, REPORT_HEADER_REQUIRED } from './report-header.schema';
import { describe, flag, JSON_SCHEMA_DIALECT, signedYuan, yuan } from './schema-fragments';

export const GUARANTEE_REPORT_SCHEMA_VERSION = 1;

export const guaranteeReportSchema: JSONSchemaType<GuaranteeReport> = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `urn:risk:schema:guarantee_report:${GUARANTEE_REPORT_SCHEMA_VERSION}`,
  title: 'GuaranteeReport',
  description: describe('融资担保公司报送', 'financing guarantee company report'),
  type: 'object',
  additionalProperties: false,
  required: [
    ...REPORT_HEADER_REQUIRED,
    'netAssets',
    'paidInCapital',
    'totalAssets',
    'guaranteeLiability',
    'mainlySmallMicroAndRural',
    'largestGuaranteedBalance',
    'largestGuaranteedWithRelatedBalance',
    'relatedPartyGuaranteeBalance',
    'assets',
    'feeIncomeYear',
    'unearnedRiskReserve',
    'claimsReserve',
    'compensation',
    'cumulativeCompensation',
    'cumulativeRecoveries',
    'cumulativeLosses',
    'releasedGuarantees',
  ],
  properties: {
    ...REPORT_HEADER_PROPERTIES,
    netAssets: signedYuan('净资产', 'net assets at period end'),
    paidInCapital: yuan('实缴货币资本', 'paid-in cash capital (FG-08)'),
    totalAssets: yuan('资产总额', 'total assets'),
    guaranteeLiability: {
      type: 'object',
      description: describe(
        '融资担保责任余额',
        'financing guarantee liability by risk-weight class, before weights (FG-01)',
      ),
      additionalProperties: false,
      required: ['smallMicroAndFarmers', 'housing', 'bondsAaPlus', 'other'],
      properties: {
        smallMicroAndFarmers: yuan(
          '小微企业和农户',
          'small/micro firms up to ¥5m and farmers up to ¥2m per party, weight 75 %',
        ),
        housing: yuan('住房置业担保', 'housing purchase guarantees, weight 30 %'),
        bondsAaPlus: yuan('AA+以上债券发行担保', 'guarantees of bonds rated AA+ or better, weight 80 %'),
        other: yuan('其他', 'other guarantees, weight 100 %'),
      },
    },
    mainlySmallMicroAndRural: flag(
      '主要服务小微和农户',
      'mainly serves small/micro firms and farmers (leverage cap 15x instead of 10x)',
    ),
    largestGuaranteedBalance: yuan('单一被担保人责任余额', 'liability to the largest single guaranteed party (FG-02)'),
    largestGuaranteedWithRelatedBalance: yuan(
      '单一被担保人及其关联方责任余额',
      'liability to the largest guaranteed party with its related parties',
    ),
    relatedPartyGuaranteeBalance: yuan('关联方担保余额', 'guarantees for related parties (FG-03)'),
    assets: {
      type: 'object',
      description: describe('资产分级', 'assets by class, of total assets less receivable compensation (FG-04)'),
      additionalProperties: false,
      required: ['classI', 'classII', 'classIII', 'receivableCompensation'],
      properties: {
        classI: yuan('Ⅰ级资产', 'class I: cash, deposits, government and AAA bonds'),
        classII: yuan('Ⅱ级资产', 'class II assets'),
        classIII: yuan('Ⅲ级资产', 'class III assets'),
        receivableCompensation: yuan('应收代偿款', 'compensation receivable'),
      },
    },
    feeIncomeYear: yuan('当年担保费收入', 'guarantee fee income of the year to date'),
    unearnedRiskReserve: yuan('未到期责任准备金', 'unearned risk reserve (FG-05)'),
    claimsReserve: yuan('担保赔偿准备金', 'claims reserve (FG-05)'),
    compensation: yuan('当期代偿', 'compensation paid in the period'),
    cumulativeCompensation: yuan('累计代偿', 'cumulative compensation paid'),
    cumulativeRecoveries: yuan('累计追偿', 'cumulative recoveries'),
    cumulativeLosses: yuan('累计损失核销', 'cumulative losses written off'),
    releasedGuarantees: yuan('当期解除担保额', 'guarantees released in the period (FG-06 base)'),
  },
};
