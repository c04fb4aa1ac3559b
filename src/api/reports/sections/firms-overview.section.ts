import { FIRM_KINDS, LICENCE_STATUSES } from '../../../firms/firm.entity';
import { FIRM_KIND_NAMES, LICENCE_STATUS_NAMES } from '../../firms/firm-names';
import { table } from '../html';
import type { ReportSection } from './report-section';

/** 一、监管对象概况: the region's firms by kind and licence status. */
export const firmsOverviewSection: ReportSection = {
  id: 'firms',
  title: '监管对象概况',
  async render({ sources, regionPattern, end }) {
    const rows = await sources.firms.countsByKindAndStatus(regionPattern, end);
    const count = (kind: string, status?: string) =>
      rows.filter((r) => r.kind === kind && (!status || r.status === status)).reduce((s, r) => s + r.n, 0);
    const body = FIRM_KINDS.map((kind) => [
      FIRM_KIND_NAMES[kind],
      ...LICENCE_STATUSES.map((s) => count(kind, s)),
      count(kind),
    ]);
    const totals = [
      '合计',
      ...LICENCE_STATUSES.map((s) => FIRM_KINDS.reduce((t, k) => t + count(k, s), 0)),
      rows.reduce((s, r) => s + r.n, 0),
    ];
    return table(['机构类型', ...LICENCE_STATUSES.map((s) => LICENCE_STATUS_NAMES[s]), '合计'], [...body, totals]);
  },
};
