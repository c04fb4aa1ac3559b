// Flattens trajectories into the records a feed would deliver, each with its kind, its firm and
// the instant it would arrive, sorted by time. The CLI emits these; tests validate them.
import { RecordKind, RecordsByKind } from '../schemas/records';
import { addDays } from './calendar';
import { reportKindOf } from '../../firms/report-kinds';
import { FirmTrajectory } from './firm-trajectory';

export interface TimedRecord<K extends RecordKind = RecordKind> {
  kind: K;
  firmCreditCode: string;
  /** Business id of the record, used as the Kafka `message-id` header. */
  messageId: string;
  /** ISO instant at which the record would be sent; the sort key. */
  at: string;
  record: RecordsByKind[K];
}

export function trajectoryRecords(trajectories: readonly FirmTrajectory[]): TimedRecord[] {
  const out: TimedRecord[] = [];
  const push = <K extends RecordKind>(
    kind: K,
    firm: string,
    id: string,
    at: string,
    record: RecordsByKind[K],
  ): void => {
    out.push({ kind, firmCreditCode: firm, messageId: `${kind}/${id}`, at, record } as TimedRecord);
  };
  for (const { firm, keyPersons, months } of trajectories) {
    const code = firm.creditCode;
    push('key_persons', code, keyPersons.recordId, `${keyPersons.asOf}T09:00:00+08:00`, keyPersons);
    for (const m of months) {
      // Firms file the monthly report a few days after the month ends.
      push(reportKindOf(firm.kind), code, m.report.reportId, `${addDays(m.periodEnd, 3)}T10:00:00+08:00`, m.report);
      for (const c of m.contracts) push('contract', code, c.contractId, `${c.signedAt}T15:00:00+08:00`, c);
      for (const e of m.registry) push('registry_event', code, e.eventId, `${e.occurredAt}T12:00:00+08:00`, e);
      for (const e of m.tax) push('tax_event', code, e.eventId, `${e.occurredAt}T12:00:00+08:00`, e);
      for (const e of m.court) push('court_event', code, e.eventId, `${e.occurredAt}T12:00:00+08:00`, e);
      for (const e of m.socialSecurity)
        push('social_security_event', code, e.eventId, `${e.occurredAt}T18:00:00+08:00`, e);
      for (const s of m.sentiment) push('sentiment_item', code, s.itemId, s.publishedAt, s);
    }
  }
  // All instants carry +08:00, so string order is time order; the sort is stable for ties.
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
