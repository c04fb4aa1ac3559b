import { TIER_INFO, type AlertTier } from '../../scoring/grading/alert-tier';
import type { ModelSummary } from '../../scoring/model-registry.service';
import type { ManualScoreRecord } from '../../scoring/manual-scores.service';
import type { AssessmentRecord } from '../../scoring/persistence/assessment-records';
import type { PackVersionInfo } from '../../scoring/rule-packs.service';
import type { RankingRow } from '../../scoring/scoring-queries.service';
import { instant, joined } from '../exports/csv-export';
import { FIRM_KIND_NAMES } from '../firms/firm-names';
import type { CsvColumn } from '../reports/csv';

/** 'none' is "no alert tier": shown as 无. */
const tierName = (tier: string) => TIER_INFO[tier as AlertTier]?.name ?? '无';

export interface ListRow {
  list: 'white' | 'black';
  creditCode: string;
  name: string;
  regionCode: string;
  reasons: string[];
  decidedAt: string;
}

export const RANKING_CSV_COLUMNS: ReadonlyArray<CsvColumn<RankingRow>> = [
  { header: '综合排名', value: (r) => r.rank },
  { header: '统一社会信用代码', value: (r) => r.creditCode },
  { header: '机构名称', value: (r) => r.name },
  { header: '机构类型', value: (r) => FIRM_KIND_NAMES[r.kind] },
  { header: '行政区划代码', value: (r) => r.regionCode },
  { header: '综合风险分', value: (r) => r.riskScore },
  { header: '评级', value: (r) => r.grade },
  { header: '预警级别', value: (r) => tierName(r.tier) },
  { header: '评估基准日', value: (r) => r.asOf },
  { header: '评估时间', value: (r) => r.assessedAt },
];

export const LIST_CSV_COLUMNS: ReadonlyArray<CsvColumn<ListRow>> = [
  { header: '名单', value: (r) => (r.list === 'white' ? '白名单' : '黑名单') },
  { header: '统一社会信用代码', value: (r) => r.creditCode },
  { header: '机构名称', value: (r) => r.name },
  { header: '行政区划代码', value: (r) => r.regionCode },
  { header: '列入理由', value: (r) => joined(r.reasons) },
  { header: '列入时间', value: (r) => instant(r.decidedAt) },
];

export const ASSESSMENT_CSV_COLUMNS: ReadonlyArray<CsvColumn<AssessmentRecord>> = [
  { header: '评估基准日', value: (a) => a.asOf },
  { header: '评估时间', value: (a) => a.assessedAt },
  { header: '综合风险分', value: (a) => a.riskScore },
  { header: '规则分', value: (a) => a.ruleScore },
  { header: '模型分', value: (a) => a.modelScore },
  { header: '违约概率', value: (a) => a.modelProbability },
  { header: '人工评分前得分', value: (a) => a.machineScore },
  { header: '评级', value: (a) => a.grade },
  { header: '预警级别', value: (a) => tierName(a.tier) },
  { header: '综合排名', value: (a) => `${a.rank}/${a.rankedFirms}` },
  { header: '触发规则', value: (a) => joined(a.explanation.rulesFired.map((r) => `${r.ruleId} ${r.title.zh}`)) },
  { header: '定级理由', value: (a) => joined(a.explanation.tierReasons) },
  { header: '规则包', value: (a) => joined(a.packVersions) },
  { header: '模型版本', value: (a) => a.modelVersion },
  { header: '触发方式', value: (a) => a.trigger },
];

export const MANUAL_SCORE_CSV_COLUMNS: ReadonlyArray<CsvColumn<ManualScoreRecord & { revokedBy: string | null }>> = [
  { header: '编号', value: (m) => m.id },
  { header: '方式', value: (m) => (m.revokes ? '撤销' : m.mode === 'set' ? '设定' : '调整') },
  { header: '分值', value: (m) => (m.revokes ? null : m.value) },
  { header: '理由', value: (m) => m.reason },
  { header: '评分人', value: (m) => m.authorName },
  { header: '生效日', value: (m) => m.validFrom },
  { header: '截止日', value: (m) => m.validTo },
  { header: '撤销的评分', value: (m) => m.revokes },
  { header: '被撤销于', value: (m) => m.revokedBy },
  { header: '录入时间', value: (m) => instant(m.createdAt) },
];

export const RULE_PACK_CSV_COLUMNS: ReadonlyArray<CsvColumn<PackVersionInfo>> = [
  { header: '规则包', value: (p) => p.pack },
  { header: '版本', value: (p) => p.version },
  { header: '名称', value: (p) => p.title.zh },
  {
    header: '适用机构',
    value: (p) => (p.appliesTo === 'all' ? '全部' : joined(p.appliesTo.map((k) => FIRM_KIND_NAMES[k]))),
  },
  { header: '规则数', value: (p) => p.rules },
  { header: '来源', value: (p) => (p.source === 'bundled' ? '内置' : '上传') },
  { header: '启用', value: (p) => (p.active ? '是' : '否') },
  { header: '上传人', value: (p) => p.uploadedBy },
  { header: '上传时间', value: (p) => p.uploadedAt },
];

export const MODEL_CSV_COLUMNS: ReadonlyArray<CsvColumn<ModelSummary>> = [
  { header: '模型版本', value: (m) => m.version },
  { header: '在用', value: (m) => (m.active ? '是' : '否') },
  { header: '训练时间', value: (m) => m.trainedAt },
  { header: '预测目标', value: (m) => m.target },
  { header: '特征数', value: (m) => m.features },
  { header: 'ROC AUC', value: (m) => m.metrics.model.rocAuc },
  { header: 'PR AUC', value: (m) => m.metrics.model.prAuc },
  { header: 'Brier', value: (m) => m.metrics.model.brier },
  { header: '基线 ROC AUC', value: (m) => m.metrics.baseline.rocAuc },
];
