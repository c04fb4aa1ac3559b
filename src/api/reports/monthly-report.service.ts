import { Injectable } from '@nestjs/common';
import { AlertReports } from '../../alerts/alert-reports.service';
import { EvidenceQueries } from '../../evidence-chain/log/evidence-queries.service';
import { FirmsService } from '../../firms/firms.service';
import { RecordReports } from '../../ingest/intake/record-reports.service';
import { ScoringReports } from '../../scoring/scoring-reports.service';
import { regionLevel } from '../../firms/region-code';
import { AccessLogService, type AccessRequest } from '../auth/access-log.service';
import { OutsideRegionScope } from '../auth/auth.errors';
import { canSeeRegion } from '../../staff/region-scope';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { escapeHtml, REPORT_CSS } from './html';
import type { MonthlyReportQuery } from './monthly-report.dto';
import { alertsSection } from './sections/alerts.section';
import { assessmentsSection } from './sections/assessments.section';
import { evidenceSection } from './sections/evidence.section';
import { firmsOverviewSection } from './sections/firms-overview.section';
import { recordsReceivedSection } from './sections/records-received.section';
import type { MonthlyReportContext, ReportSection } from './sections/report-section';
import { beijingMonth } from '../../platform/beijing-time';

/** The sections, in print order; a new module adds its section here. */
export const MONTHLY_SECTIONS: readonly ReportSection[] = [
  firmsOverviewSection,
  recordsReceivedSection,
  evidenceSection,
  assessmentsSection,
  alertsSection,
];

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const LEVEL_NAMES = { province: '省', city: '市', county: '区县' } as const;

/** 月度监管报告 of one region: printable HTML in Chinese. */
@Injectable()
export class MonthlyReportService {
  constructor(
    private readonly accessLog: AccessLogService,
    private readonly firms: FirmsService,
    private readonly records: RecordReports,
    private readonly evidence: EvidenceQueries,
    private readonly scoring: ScoringReports,
    private readonly alerts: AlertReports,
  ) {}

  async render(staff: StaffPrincipal, query: MonthlyReportQuery, request: AccessRequest): Promise<string> {
    const allowed = canSeeRegion(staff, query.region);
    await this.accessLog.record({
      staff,
      request,
      outcome: allowed ? 'allowed' : 'denied',
      reason: allowed ? 'monthly_report' : 'region_scope',
    });
    if (!allowed) throw new OutsideRegionScope(query.region);
    const context = this.context(query);
    const sections: string[] = [];
    for (const [i, section] of MONTHLY_SECTIONS.entries()) {
      sections.push(
        `<section id="${section.id}"><h2>${CHINESE_ORDINALS[i] ?? i + 1}、${escapeHtml(section.title)}</h2>\n${await section.render(context)}</section>`,
      );
    }
    const [year, month] = query.month.split('-');
    const title = `${year}年${Number(month)}月 地方金融监管月度报告`;
    return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}（${escapeHtml(query.region)}）</title><style>${REPORT_CSS}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p class="meta">行政区划：${escapeHtml(query.region)}（${LEVEL_NAMES[regionLevel(query.region)]}级）&emsp;统计期间：${escapeHtml(query.month)}（北京时间）</p>
${sections.join('\n')}
<footer>生成时间：${escapeHtml(new Date().toISOString())}&emsp;生成人：${escapeHtml(staff.displayName)}（${escapeHtml(staff.role)}）&emsp;本报告的访问已记入访问日志。</footer>
</body></html>`;
  }

  private context(query: MonthlyReportQuery): MonthlyReportContext {
    const [start, end] = beijingMonth(query.month);
    const level = regionLevel(query.region);
    const regionPattern = level === 'county' ? query.region : `${query.region.slice(0, level === 'city' ? 4 : 2)}%`;
    const sources = {
      firms: this.firms,
      records: this.records,
      evidence: this.evidence,
      scoring: this.scoring,
      alerts: this.alerts,
    };
    return { region: query.region, regionPattern, month: query.month, start, end, sources };
  }
}
