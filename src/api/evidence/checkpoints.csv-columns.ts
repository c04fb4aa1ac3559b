import type { CheckpointView } from '../../evidence-chain/receipts/receipt.service';
import type { CsvColumn } from '../reports/csv';

export const CHECKPOINT_CSV_COLUMNS: ReadonlyArray<CsvColumn<CheckpointView>> = [
  { header: '日志规模', value: (c) => c.checkpoint.treeSize },
  { header: '根哈希', value: (c) => c.checkpoint.rootHash },
  { header: '签发时间', value: (c) => c.checkpoint.issuedAt },
  { header: '上一检查点', value: (c) => c.checkpoint.previous },
  { header: '监管签名', value: (c) => c.signature },
  { header: '账本', value: (c) => c.anchor?.ledger },
  { header: '链标识', value: (c) => c.anchor?.chainId },
  { header: '区块高度', value: (c) => c.anchor?.height },
  { header: '交易哈希', value: (c) => c.anchor?.txHash },
  { header: '上链时间', value: (c) => c.anchor?.anchoredAt },
];
