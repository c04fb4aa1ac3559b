import { paragraph, table } from '../html';
import type { ReportSection } from './report-section';

/** 三、存证上链: the month's evidence leaves of the region's firms, how many are anchored. */
export const evidenceSection: ReportSection = {
  id: 'evidence',
  title: '存证上链情况',
  async render({ dataSource, regionPattern, start, end }) {
    const [counts]: Array<{ leaves: number; logged: number; anchored: number }> = await dataSource.query(
      `WITH anchored AS (SELECT coalesce(max(tree_size), 0) AS size FROM evidence_anchors)
       SELECT count(*)::int AS leaves, count(g.leaf_index)::int AS logged,
              count(*) FILTER (WHERE g.leaf_index < (SELECT size FROM anchored))::int AS anchored
         FROM evidence_leaves l JOIN firms f ON f.id = l.firm_id LEFT JOIN evidence_log g ON g.leaf_id = l.id
        WHERE f.region_code LIKE $1 AND l.created_at >= $2 AND l.created_at < $3`,
      [regionPattern, start, end],
    );
    const [anchor]: Array<{ ledger: string; chain_id: string; height: string; tree_size: string; anchored_at: Date }> = await dataSource.query(
      `SELECT ledger, chain_id, height::text, tree_size::text, anchored_at FROM evidence_anchors WHERE anchored_at < $1 ORDER BY tree_size DESC LIMIT 1`,
      [end],
    );
    const where = anchor ? `${anchor.ledger === 'local' ? '本地签名日志（未上联盟链）' : `联盟链 ${anchor.chain_id} 区块高度 ${anchor.height}`}，日志规模 ${anchor.tree_size}` : '本月末尚无锚定记录';
    return [
      table(['本月存证叶子', '已入日志', '已锚定'], [[counts.leaves, counts.logged, counts.anchored]]),
      paragraph(`截至本月末最新锚定：${where}`),
    ].join('\n');
  },
};
