import { RECORD_KINDS, type RecordKind } from '../../ingest/schemas/records';
import type { LeafKind } from '../log/leaf-kinds';
import { accountabilityRehasher, alertEventRehasher, deliveryRehasher } from './rehashers/alert-rehashers';
import { documentRehasher, ingestRecordRehasher, signingKeyEventRehasher } from './rehashers/ingest-rehashers';
import { integrityAlertRehasher, licenceChangeRehasher, overdueAccountabilityRehasher, powerTraceRehasher, readBatchRehasher } from './rehashers/cage-rehashers';
import type { Rehasher } from './rehashers/rehasher';
import { cosignatureRehasher, witnessRefusalRehasher } from './rehashers/witness-rehashers';
import { assessmentRehasher, findingRehasher, listEntryRehasher, manualScoreRehasher, rulePackActivationRehasher, rulePackRehasher } from './rehashers/scoring-rehashers';

/** How the tamper scan rebuilds each kind of leaf from its row: one entry per LeafKind, by type. */
export const LEAF_REHASHERS: Record<LeafKind, Rehasher> = {
  ...(Object.fromEntries(RECORD_KINDS.map((kind) => [kind, ingestRecordRehasher(kind)])) as Record<RecordKind, Rehasher>),
  document: documentRehasher,
  assessment: assessmentRehasher,
  list_entry: listEntryRehasher,
  manual_score: manualScoreRehasher,
  finding: findingRehasher,
  rule_pack: rulePackRehasher,
  rule_pack_activation: rulePackActivationRehasher,
  alert: alertEventRehasher('alert'),
  alert_action: alertEventRehasher('alert_action'),
  alert_delivery: deliveryRehasher,
  accountability: accountabilityRehasher,
  signing_key: signingKeyEventRehasher,
  power_exercise: powerTraceRehasher,
  licence_change: licenceChangeRehasher,
  overdue_accountability: overdueAccountabilityRehasher,
  integrity_alert: integrityAlertRehasher,
  read_batch: readBatchRehasher,
  cosignature: cosignatureRehasher,
  witness_refusal: witnessRefusalRehasher,
};

export function rehasherOf(kind: string): Rehasher | undefined {
  return Object.hasOwn(LEAF_REHASHERS, kind) ? (LEAF_REHASHERS as Record<string, Rehasher>)[kind] : undefined;
}
