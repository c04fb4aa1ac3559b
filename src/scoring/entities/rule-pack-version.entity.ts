import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A rule pack version uploaded by an administrator (the bundled *.vN.yaml files are not stored).
 * Append-only (trigger): a change is a new version.
 */
@Entity({ name: 'rule_pack_versions' })
export class RulePackVersionEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'rule_pack_versions_pkey' })
  pack!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'rule_pack_versions_pkey' })
  version!: number;

  /** The YAML as uploaded. */
  @Column({ type: 'text' })
  yaml!: string;

  /** SHA-256 of the YAML text. */
  @Column({ name: 'content_hash', type: 'bytea' })
  contentHash!: Buffer;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy!: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;
}
