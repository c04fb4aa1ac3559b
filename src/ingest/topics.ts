import { RecordKind } from './schemas/records';

// One Kafka topic per record kind; the message key is the firm's credit code so one firm's
// records stay in order on one partition. Firms push on ingest.*, government feeds on gov.*.
export const TOPIC_BY_KIND: Record<RecordKind, string> = {
  p2p_report: 'ingest.p2p-report',
  micro_loan_report: 'ingest.micro-loan-report',
  guarantee_report: 'ingest.guarantee-report',
  contract: 'ingest.contract',
  key_persons: 'ingest.key-persons',
  registry_event: 'gov.registry',
  tax_event: 'gov.tax',
  court_event: 'gov.court',
  social_security_event: 'gov.social-security',
  sentiment_item: 'gov.sentiment',
};

/** Where a message that cannot be accepted goes, with the original bytes and the reason in headers. */
export const DEAD_LETTER_TOPIC = 'ingest.dead-letter';
