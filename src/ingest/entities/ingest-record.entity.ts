import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RecordKind } from '../schemas/records';

/**
 * Every accepted record of every kind, as stored evidence: append-only (trigger), so a
 * correction (更正) is a new version of the same business key, never an UPDATE.
 */
@Entity({ name: 'ingest_records' })
@Index('ingest_records_submission_key', ['kind', 'firmId', 'submissionId'], { unique: true })
@Index('ingest_records_version_key', ['kind', 'firmId', 'businessKey', 'version'], { unique: true })
@Index('ingest_records_firm_as_of_idx', ['firmId', 'kind', 'asOf'])
// The scoring poller reads what arrived since its watermark, every second.
@Index('ingest_records_received_idx', ['receivedAt', 'id'])
export class IngestRecordEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ingest_records_pkey' })
  id!: string;

  @Column({ type: 'text' })
  kind!: RecordKind;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  /** The sender's id of this submission (reportId, contractId, eventId, ...): replays are no-ops. */
  @Column({ name: 'submission_id', type: 'text' })
  submissionId!: string;

  /** What a correction supersedes: the report period, the contract id, the event id. */
  @Column({ name: 'business_key', type: 'text' })
  businessKey!: string;

  /** 1 for the first submission of a business key, then 2, 3, ... for corrections. */
  @Column({ type: 'integer' })
  version!: number;

  /** The date the record speaks of: period end, event date, signing date, publication date. */
  @Column({ name: 'as_of', type: 'date' })
  asOf!: string;

  @Column({ type: 'text' })
  source!: 'http' | 'kafka';

  /** topic/partition/offset for Kafka, the request id for HTTP. */
  @Column({ name: 'source_ref', type: 'text' })
  sourceRef!: string;

  /** The record as stored: identity numbers replaced by keyed hashes. */
  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** SHA-256 of the payload's RFC 8785 bytes; the evidence leaf carries the same hash. */
  @Column({ name: 'content_hash', type: 'bytea' })
  contentHash!: Buffer;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
