import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A government agency's feed API key (政府部门数据接口密钥): scoped to the feed kinds the agency
 * may send (a court sends court_event only). Only a hash is stored; the key is shown once.
 */
@Entity({ name: 'agency_api_keys' })
export class AgencyApiKeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'agency_api_keys_pkey' })
  id!: string;

  /** Who sends, e.g. 杭州市中级人民法院 or 国家税务总局杭州市税务局. */
  @Column({ type: 'text' })
  agency!: string;

  /** The record kinds this key may send (registry_event, tax_event, court_event, ...). */
  @Column({ type: 'text', array: true })
  kinds!: string[];

  /** The public part of the key, used to find its row; the secret part is only hashed. */
  @Index('agency_api_keys_prefix_key', { unique: true })
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
