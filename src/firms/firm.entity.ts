import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** The three kinds of firm the bureau supervises. */
export const FIRM_KINDS = [
  'p2p_lending', // 网络借贷信息中介机构, P2P lending information intermediary
  'micro_loan', // 小额贷款公司, micro-loan company
  'financing_guarantee', // 融资担保公司, financing guarantee company
] as const;
export type FirmKind = (typeof FIRM_KINDS)[number];

export const LICENCE_STATUSES = [
  'licensed', // 持牌经营
  'suspended', // 暂停业务
  'revoked', // 吊销
  'exited', // 退出 (closed, merged or deregistered)
] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];

/** A supervised firm (监管对象). */
@Entity({ name: 'firms' })
@Check('firms_credit_code_format', `"credit_code" ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'`)
@Check('firms_region_code_format', `"region_code" ~ '^[0-9]{6}$'`)
export class FirmEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'firms_pkey' })
  id!: string;

  /** 统一社会信用代码, GB 32100; the firm's identity across every feed. */
  @Index('firms_credit_code_key', { unique: true })
  @Column({ name: 'credit_code', type: 'character', length: 18 })
  creditCode!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'enum', enum: FIRM_KINDS, enumName: 'firm_kind' })
  kind!: FirmKind;

  /** 行政区划代码 GB/T 2260 of the county (or city) the firm is supervised in. */
  @Index('firms_region_code_idx')
  @Column({ name: 'region_code', type: 'character', length: 6 })
  regionCode!: string;

  @Column({
    name: 'licence_status',
    type: 'enum',
    enum: LICENCE_STATUSES,
    enumName: 'licence_status',
    default: 'licensed',
  })
  licenceStatus!: LicenceStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
