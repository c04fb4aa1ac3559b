/**
 * Financial-risk lexicon for 舆情 about lenders and guarantors, written for this bureau (not a
 * general-purpose sentiment dictionary). Weights are [D]: −3 signals a run or a crime, −2 a
 * serious operating problem, −1 a soft complaint; positives are deliberately weaker so that one
 * reassuring phrase does not cancel a report of a run.
 */
export const SENTIMENT_LEXICON: Readonly<Record<string, number>> = {
  跑路: -3,
  爆雷: -3,
  暴雷: -3,
  失联: -3,
  挤兑: -3,
  非法集资: -3,
  集资诈骗: -3,
  诈骗: -3,
  资金链断裂: -3,
  卷款: -3,
  兑付困难: -2.5,
  提现困难: -2.5,
  延期兑付: -2.5,
  停止兑付: -3,
  无法提现: -2.5,
  清盘: -2.5,
  维权: -2.5,
  立案: -2.5,
  立案侦查: -3,
  逾期: -2,
  违约: -2,
  暴力催收: -2,
  砍头息: -2,
  高利贷: -2,
  套路贷: -2.5,
  冻结: -2,
  被执行: -2,
  失信: -2,
  停业: -2,
  欠薪: -2,
  拖欠: -1.5,
  裁员: -1.5,
  亏损: -1.5,
  警方: -1.5,
  调查: -1,
  风险: -1,
  投诉: -1,
  质疑: -1,
  合规: 1,
  备案: 1,
  存管: 1,
  稳健: 1.5,
  正常: 1,
  盈利: 1.5,
  增长: 1,
  获批: 1.5,
  表彰: 1.5,
  良好: 1,
  顺利: 1,
};

/** Negators flip the next lexicon term within NEGATION_SPAN tokens ("未出现逾期", "否认跑路"). */
export const NEGATORS: ReadonlySet<string> = new Set([
  '不',
  '没',
  '没有',
  '未',
  '无',
  '并未',
  '并无',
  '从未',
  '否认',
  '辟谣',
  '澄清',
  '不存在',
  '非',
]);
export const NEGATION_SPAN = 3;

/** Below this score an item is negative, above +1 positive. */
export const NEGATIVE_BELOW = -1;
export const POSITIVE_ABOVE = 1;

/** Complaints are negative by nature: their lexicon score is weighted up. */
export const COMPLAINT_MULTIPLIER = 1.5;
