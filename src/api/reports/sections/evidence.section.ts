import { paragraph, table } from '../html';
import type { ReportSection } from './report-section';

/** 三、存证上链: the month's evidence leaves of the region's firms, how many are anchored. */
export const evidenceSection: ReportSection = {
  id: 'evidence',
  title: '存证上链情况',
  async render({ sources, regionPattern, start, end }) {
    const counts = await sources.evidence.regionLeafCounts(regionPattern, start, end);
    const anchor = await sources.evidence.latestAnchorBefore(end);
    const where = anchor
      ? `${anchor.ledger === 'local' ? '本地签名日志（未上联盟链）' : `联盟链 ${anchor.chainId} 区块高度 ${anchor.height}`}，日志规模 ${anchor.treeSize}`
      : '本月末尚无锚定记录';
    return [
      table(['本月存证叶子', '已入日志', '已锚定'], [[counts.leaves, counts.logged, counts.anchored]]),
      paragraph(`截至本月末最新锚定：${where}`),
    ].join('\n');
  },
};
