import type { StoredRecord } from '../../ingest/intake/record-query.service';
import { instant } from '../exports/csv-export';
import type { CsvColumn } from '../reports/csv';
import type { FirmSummary } from './firm-directory.service';
import { FIRM_KIND_NAMES, LICENCE_STATUS_NAMES } from './firm-names';

export const FIRM_CSV_COLUMNS: ReadonlyArray<CsvColumn<FirmSummary>> = [
  { header: '统一社会信用代码', value: (f) => f.creditCode },
  { header: '机构名称', value: (f) => f.name },
  { header: '机构类型', value: (f) => FIRM_KIND_NAMES[f.kind] },
  { header: '行政区划代码', value: (f) => f.regionCode },
  { header: '牌照状态', value: (f) => LICENCE_STATUS_NAMES[f.licenceStatus] },
  { header: '登记时间', value: (f) => f.createdAt },
];

/**
 * Stored records without their payload: the sheet says what arrived, when and in which version;
 * the contents (with keyed identity hashes) stay behind the JSON routes.
 */
export const RECORD_CSV_COLUMNS: ReadonlyArray<CsvColumn<StoredRecord>> = [
  { header: '记录编号', value: (r) => r.id },
  { header: '记录类型', value: (r) => r.kind },
  { header: '报送编号', value: (r) => r.submissionId },
  { header: '业务键', value: (r) => r.businessKey },
  { header: '版本', value: (r) => r.version },
  { header: '已被更正', value: (r) => (r.superseded ? '是' : '否') },
  { header: '数据日期', value: (r) => r.asOf },
  { header: '接收时间', value: (r) => instant(r.receivedAt) },
  { header: '内容哈希', value: (r) => r.contentHash },
];
