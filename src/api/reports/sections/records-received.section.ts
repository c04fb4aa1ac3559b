import { table, paragraph } from '../html';
import type { ReportSection } from './report-section';

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
  async render({ sources, regionPattern, start, end }) {
    const byKind = await sources.records.receivedByKind(regionPattern, start, end);
    const silent = await sources.records.licensedWithoutReport(regionPattern, start, end);
    return [
      table(
        ['数据类型', '条数', '涉及机构数', '其中更正'],
        byKind.map((r) => [KIND_NAMES[r.kind] ?? r.kind, r.n, r.firms, r.corrections]),
        '本月未收到数据',
      ),
      paragraph(`本月未报送经营数据报表的持牌机构：${silent.length} 家`),
      table(
        ['统一社会信用代码', '机构名称', '行政区划'],
        silent.map((f) => [f.creditCode, f.name, f.regionCode]),
        '无',
      ),
    ].join('\n');
  },
};
