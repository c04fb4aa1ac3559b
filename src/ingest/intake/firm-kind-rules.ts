import { FirmKind } from '../../firms/firm.entity';
import { firmKindOfReport, REPORT_KINDS } from '../../firms/report-kinds';
import { RecordKind } from '../schemas/records';

/** Record kinds a supervised firm may push itself; government feeds and news come from agencies. */
export const FIRM_PUSHABLE_KINDS: readonly RecordKind[] = [...REPORT_KINDS, 'contract', 'key_persons'];

/** Record kinds government feeds send (Kafka gov.* topics, or HTTP with an agency API key). */
export const GOV_FEED_KINDS: readonly RecordKind[] = [
  'registry_event',
  'tax_event',
  'court_event',
  'social_security_event',
  'sentiment_item',
];

export function kindMismatch(kind: RecordKind, firmKind: FirmKind): string | null {
  // A firm reports on the form of its kind only; the other kinds apply to every firm.
  const required = firmKindOfReport(kind);
  return required && required !== firmKind
    ? `a ${firmKind} firm cannot file a ${kind}; it files the report of its own kind`
    : null;
}
