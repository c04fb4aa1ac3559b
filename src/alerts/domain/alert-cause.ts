// What an alert is about. One open alert exists per firm and cause (the cause key), so a cause must
// be specific enough that two different problems never share an alert, and stable across periods.

export type AlertCause =
  /** 综合风险评分档位: the firm's overall 0-100 risk score fell into an alert band. */
  | { kind: 'score_band' }
  /** 规则命中: one rule of a rule pack, by its docs/regulations.md id, e.g. 'P2P-07' or 'EW-09'. */
  | { kind: 'rule'; ruleId: string }
  /** 证据篡改: the evidence chain found a record that no longer matches its anchored leaf. */
  | { kind: 'evidence_tampered' }
  /** 关联方风险传导: risk propagated from a related firm (shareholder, guarantor, common controller). */
  | { kind: 'related_party_propagation'; sourceFirmId: string }
  /** 模型监测: the served distress model drifted from its training data (PSI) or its probabilities stopped matching outcomes. */
  | { kind: 'model_monitoring'; check: 'drift' | 'calibration' };

export type AlertCauseKind = AlertCause['kind'];

/** Stable text key of a cause; with the firm id it identifies the one open alert. */
export function causeKey(cause: AlertCause): string {
  switch (cause.kind) {
    case 'rule':
      return `rule:${cause.ruleId}`;
    case 'related_party_propagation':
      return `related_party_propagation:${cause.sourceFirmId}`;
    case 'model_monitoring':
      return `model_monitoring:${cause.check}`;
    default:
      return cause.kind;
  }
}

/** The cause as an official reads it in a message. */
export function describeCause(cause: AlertCause): string {
  switch (cause.kind) {
    case 'score_band':
      return '综合风险评分';
    case 'rule':
      return `监管规则 ${cause.ruleId}`;
    case 'evidence_tampered':
      return '存证数据被篡改';
    case 'related_party_propagation':
      return '关联方风险传导';
    case 'model_monitoring':
      return cause.check === 'drift' ? '风险模型特征漂移' : '风险模型校准偏离';
  }
}
