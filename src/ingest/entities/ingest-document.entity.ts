import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A contract document (PDF, image) kept off-chain, addressed by the SHA-256 of its bytes. Append-only. */
@Entity({ name: 'ingest_documents' })
export class IngestDocumentEntity {
  @PrimaryColumn({ type: 'bytea', primaryKeyConstraintName: 'ingest_documents_pkey' })
  sha256!: Buffer;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'bytea' })
  content!: Buffer;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
