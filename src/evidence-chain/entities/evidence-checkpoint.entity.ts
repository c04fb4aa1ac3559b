import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A signed checkpoint of the log (origin, tree size, root, previous checkpoint). Append-only. */
@Entity({ name: 'evidence_checkpoints' })
export class EvidenceCheckpointEntity {
  @PrimaryColumn({ name: 'tree_size', type: 'bigint', primaryKeyConstraintName: 'evidence_checkpoints_pkey' })
  treeSize!: string;

  @Column({ name: 'root_hash', type: 'bytea' })
  rootHash!: Buffer;

  /** The exact signed bytes (canonical JSON) and the regulator's Ed25519 signature over them. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'bytea' })
  signature!: Buffer;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;
}
