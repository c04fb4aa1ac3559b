// The header every periodic report shares (ReportHeader in records.ts).
import { PropertiesSchema } from 'ajv/dist/types/json-schema';
import { ReportHeader } from './records';
import { businessId, creditCode, describe, isoDate } from './schema-fragments';

export const REPORT_HEADER_REQUIRED = ['reportId', 'firmCreditCode', 'periodType', 'periodStart', 'periodEnd'] as const;

export const REPORT_HEADER_PROPERTIES: PropertiesSchema<ReportHeader> = {
  reportId: businessId(
    '报送编号',
    "the firm's own id of this submission; with the firm it makes the submission idempotent",
  ),
  firmCreditCode: creditCode('统一社会信用代码', 'the reporting firm'),
  periodType: {
    type: 'string',
    enum: ['daily', 'monthly', 'quarterly', 'annual'],
    description: describe(
      '报送周期',
      'period type: daily, monthly, quarterly or annual; the period must be one calendar day, month, quarter or year',
    ),
  },
  periodStart: isoDate('报告期起始日', 'first day of the period, inclusive'),
  periodEnd: isoDate('报告期截止日', 'last day of the period, inclusive'),
};
