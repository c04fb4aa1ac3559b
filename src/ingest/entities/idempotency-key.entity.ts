import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The first answer to a push carrying an Idempotency-Key; a retry gets the same answer. */
@Entity({ name: 'ingest_idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid', primaryKeyConstraintName: 'ingest_idempotency_keys_pkey' })
  firmId!: string;

  @PrimaryColumn({ name: 'key', type: 'text', primaryKeyConstraintName: 'ingest_idempotency_keys_pkey' })
  key!: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column({ name: 'request_hash', type: 'bytea' })
  requestHash!: Buffer;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode!: number;

  @Column({ type: 'jsonb' })
  response!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
