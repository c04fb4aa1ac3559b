import { FirmKind } from '../../firms/firm.entity';
import { RecordKind } from '../schemas/records';

// A firm reports on the form of its kind only; the other kinds apply to every firm.
const REPORT_KIND_OF: Partial<Record<RecordKind, FirmKind>> = {
  p2p_report: 'p2p_lending',
  micro_loan_report: 'micro_loan',
  guarantee_report: 'financing_guarantee',
};

/** Record kinds a supervised firm may push itself; government feeds and news come from agencies. */
export const FIRM_PUSHABLE_KINDS: readonly RecordKind[] = ['p2p_report', 'micro_loan_report', 'guarantee_report', 'contract', 'key_persons'];

/** Record kinds government feeds send (Kafka gov.* topics, or HTTP with an agency API key). */
export const GOV_FEED_KINDS: readonly RecordKind[] = ['registry_event', 'tax_event', 'court_event', 'social_security_event', 'sentiment_item'];

export function kindMismatch(kind: RecordKind, firmKind: FirmKind): string | null {
  const required = REPORT_KIND_OF[kind];
  return required && required !== firmKind ? `a ${firmKind} firm cannot file a ${kind}; it files the report of its own kind` : null;
}
