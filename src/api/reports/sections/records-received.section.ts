import { table, paragraph } from '../html';
import type { ReportSection } from './report-section';
import { REPORT_KIND_OF_FIRM } from '../../../firms/report-kinds';

const KIND_NAMES: Record<string, string> = {
  p2p_report: '网贷经营数据报表',
  micro_loan_report: '小贷经营数据报表',
  guarantee_report: '融资担保经营数据报表',
  contract: '合同',
  key_persons: '关键人员信息',
  registry_event: '工商信息',
  tax_event: '税务信息',
  court_event: '司法信息',
  social_security_event: '社保信息',
  sentiment_item: '舆情信息',
};

/** 二、数据报送: records received in the month, and licensed firms that filed no report in it. */
export const recordsReceivedSection: ReportSection = {
  id: 'records',
  title: '数据报送情况',
  async render({ dataSource, regionPattern, start, end }) {
    const byKind: Array<{ kind: string; n: number; firms: number; corrections: number }> = await dataSource.query(
      `SELECT r.kind, count(*)::int AS n, count(DISTINCT r.firm_id)::int AS firms, count(*) FILTER (WHERE r.version > 1)::int AS corrections
         FROM ingest_records r JOIN firms f ON f.id = r.firm_id
        WHERE f.region_code LIKE $1 AND r.received_at >= $2 AND r.received_at < $3
        GROUP BY r.kind ORDER BY r.kind`,
      [regionPattern, start, end],
    );
    const silent: Array<{ credit_code: string; name: string; kind: string; region_code: string }> = await dataSource.query(
      `SELECT f.credit_code, f.name, f.kind::text AS kind, f.region_code FROM firms f
        WHERE f.region_code LIKE $1 AND f.licence_status = 'licensed' AND f.created_at < $3
          AND NOT EXISTS (SELECT 1 FROM ingest_records r WHERE r.firm_id = f.id AND r.received_at >= $2 AND r.received_at < $3
                           AND r.kind = (CASE f.kind::text ${Object.entries(REPORT_KIND_OF_FIRM).map(([k, v]) => `WHEN '${k}' THEN '${v}'`).join(' ')} END))
        ORDER BY f.region_code, f.credit_code`,
      [regionPattern, start, end],
    );
    return [
      table(['数据类型', '条数', '涉及机构数', '其中更正'], byKind.map((r) => [KIND_NAMES[r.kind] ?? r.kind, r.n, r.firms, r.corrections]), '本月未收到数据'),
      paragraph(`本月未报送经营数据报表的持牌机构：${silent.length} 家`),
      table(['统一社会信用代码', '机构名称', '行政区划'], silent.map((f) => [f.credit_code, f.name, f.region_code]), '无'),
    ].join('\n');
  },
};
