import { ALERT_EVIDENCE_KINDS } from './alerts/persistence/alert-evidence-kinds';
import { CAGE_EVIDENCE_KINDS } from './cage/persistence/cage-evidence-kinds';
import type { EvidenceKind } from './evidence-chain/kinds/evidence-kind';
import { INGEST_EVIDENCE_KINDS } from './ingest/intake/ingest-evidence-kinds';
import { SCORING_LEAF_KINDS } from './scoring/persistence/scoring-evidence-kinds';
import { WITNESS_EVIDENCE_KINDS } from './ingest/witness/witness-evidence-kinds';

/**
 * Every kind of evidence leaf the service writes, as each feature registers it from its own
 * persistence code. Listed here, above the features, so the evidence chain knows none of them;
 * the registry is the same in every role (the anchor role's tamper scan checks all kinds).
 */
export const ALL_EVIDENCE_KINDS: readonly EvidenceKind[] = [
  ...INGEST_EVIDENCE_KINDS,
  ...WITNESS_EVIDENCE_KINDS,
  ...SCORING_LEAF_KINDS,
  ...ALERT_EVIDENCE_KINDS,
  ...CAGE_EVIDENCE_KINDS,
];
