import { RecordKind, RecordsByKind } from '../schemas/records';

/** How a record is keyed in the store: which submission it is, what it may supersede, when it speaks of. */
export interface RecordIdentity {
  /** The sender's id: the same submission twice is one record. */
  submissionId: string;
  /** A later submission with the same business key is a correction (new version). */
  businessKey: string;
  /** YYYY-MM-DD the record speaks of. */
  asOf: string;
  /** Credit code of the firm, when the record names one. */
  firmCreditCode?: string;
}

export function recordIdentity<K extends RecordKind>(kind: K, record: RecordsByKind[K]): RecordIdentity {
  const r = record as RecordsByKind[RecordKind];
  switch (kind) {
    case 'p2p_report':
    case 'micro_loan_report':
    case 'guarantee_report': {
      const report = r as RecordsByKind['p2p_report'];
      return {
        submissionId: report.reportId,
        businessKey: `${report.periodType}:${report.periodStart}:${report.periodEnd}`,
        asOf: report.periodEnd,
        firmCreditCode: report.firmCreditCode,
      };
    }
    case 'contract': {
      const contract = r as RecordsByKind['contract'];
      // A contract resubmitted with the same id is an amendment: a new version of that contract.
      return {
        submissionId: `${contract.contractId}#${contract.documentSha256}`,
        businessKey: contract.contractId,
        asOf: contract.signedAt,
        firmCreditCode: contract.firmCreditCode,
      };
    }
    case 'key_persons': {
      const persons = r as RecordsByKind['key_persons'];
      // The current list replaces the previous one: one business key per firm.
      return {
        submissionId: persons.recordId,
        businessKey: 'key-persons',
        asOf: persons.asOf,
        firmCreditCode: persons.firmCreditCode,
      };
    }
    case 'sentiment_item': {
      const item = r as RecordsByKind['sentiment_item'];
      return {
        submissionId: item.itemId,
        businessKey: item.itemId,
        asOf: item.publishedAt.slice(0, 10),
        firmCreditCode: item.firmCreditCode,
      };
    }
    default: {
      const event = r as RecordsByKind['registry_event'];
      return {
        submissionId: event.eventId,
        businessKey: event.eventId,
        asOf: event.occurredAt,
        firmCreditCode: event.firmCreditCode,
      };
    }
  }
}
