import type { TamperFinding } from '../../evidence-chain/tamper/tamper-check.service';
import { instant } from '../exports/csv-export';
import type { CsvColumn } from '../reports/csv';
import type { AccessLogRow } from './audit.service';

const OUTCOME_NAMES = { allowed: '允许', denied: '拒绝' } as const;
const SCOPE_NAMES = { record: '记录与叶子不符', leaf: '叶子与日志不符', log: '日志与检查点不符' } as const;

export const ACCESS_LOG_CSV_COLUMNS: ReadonlyArray<CsvColumn<AccessLogRow>> = [
  { header: '编号', value: (a) => a.id },
  { header: '时间', value: (a) => instant(a.at) },
  { header: '用户名', value: (a) => a.username },
  { header: '角色', value: (a) => a.role },
  { header: '行政区划代码', value: (a) => a.regionCode },
  { header: '方法', value: (a) => a.method },
  { header: '路径', value: (a) => a.path },
  { header: '机构统一社会信用代码', value: (a) => a.firmCreditCode },
  { header: '结果', value: (a) => OUTCOME_NAMES[a.outcome] },
  { header: '原因', value: (a) => a.reason },
];

export const TAMPER_FINDING_CSV_COLUMNS: ReadonlyArray<CsvColumn<TamperFinding & { foundAt: string }>> = [
  { header: '发现时间', value: (f) => instant(f.foundAt) },
  { header: '范围', value: (f) => SCOPE_NAMES[f.scope] },
  { header: '记录类型', value: (f) => f.recordKind },
  { header: '记录编号', value: (f) => f.recordId },
  { header: '机构编号', value: (f) => f.firmId },
  { header: '存证哈希', value: (f) => f.expectedHash },
  { header: '当前哈希', value: (f) => f.actualHash },
];
