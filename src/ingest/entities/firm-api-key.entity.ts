import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A firm's push API key: only a hash is stored; the key is shown once, when issued. */
@Entity({ name: 'firm_api_keys' })
export class FirmApiKeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'firm_api_keys_pkey' })
  id!: string;

  @Index('firm_api_keys_firm_idx')
  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  /** The public part of the key, used to find its row; the secret part is only hashed. */
  @Index('firm_api_keys_prefix_key', { unique: true })
  @Column({ type: 'text' })
  prefix!: string;

  /** SHA-256 of the whole key: the key has 256 bits of entropy, so a slow hash adds nothing. */
  @Column({ name: 'secret_hash', type: 'bytea' })
  secretHash!: Buffer;

  @Column({ type: 'text', default: '' })
  label!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
