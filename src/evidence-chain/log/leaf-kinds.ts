import { RECORD_KINDS } from '../../ingest/schemas/records';

/**
 * Every kind of evidence leaf the service writes. appendLeaves accepts only these, and the tamper
 * scan must know how to rebuild each one from its stored row (a Record<LeafKind, ...> registry),
 * so a new kind cannot reach the log without a way to check it.
 */
export const LEAF_KINDS = [
  ...RECORD_KINDS, // 报送记录 and government feeds (ingest_records)
  'document', // contract PDFs and images, raw bytes (ingest_documents)
  'assessment', // 风险评估 (assessments)
  'list_entry', // 重点关注/黑名单 decisions (firm_lists)
  'manual_score', // 人工评分 (manual_scores)
  'finding', // 查实事项 and their closures (supervision_findings)
  'rule_pack', // uploaded rule pack versions (rule_pack_versions)
  'rule_pack_activation', // (rule_pack_activations)
  'alert', // alert events of the policy and the system (alert_events)
  'alert_action', // officials' actions and notes on an alert (alert_events)
  'alert_delivery', // 预警送达 (alert_deliveries)
  'accountability', // 问责记录 (accountability_records)
  'signing_key', // firms' signing key registrations and revocations (firm_signing_key_events)
  'power_exercise', // 行权留痕: one exercise of a power of the power list (power_traces)
  'licence_change', // 许可状态变更 (licence_status_history)
  'overdue_accountability', // 问责记录 of handling and contingency tasks left overdue (overdue_accountability)
  'integrity_alert', // 廉政风险预警 for the discipline inspectors (integrity_alerts)
  'read_batch', // consecutive rows of the access log, sealed by digest (read_batches)
  'cosignature', // 见证签名: a firm's C2SP cosignature on a checkpoint (firm_cosignatures)
  'witness_refusal', // 拒签: a checkpoint a firm's witness refused to cosign (witness_refusals)
] as const;

export type LeafKind = (typeof LEAF_KINDS)[number];
