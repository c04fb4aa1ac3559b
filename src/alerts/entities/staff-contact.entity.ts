import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StaffUserEntity } from '../../staff/staff-user.entity';

/**
 * 通讯录: how to reach a staff member (staff_id set: role and region come from staff_users) or an
 * office that does not log in (staff_id null: county_office, district_government, city_government,
 * police_econ_crime, or a duty phone; name, role and region here).
 */
@Entity({ name: 'staff_contacts' })
@Check(
  'staff_contacts_staff_or_office',
  `("staff_id" IS NOT NULL AND "office_role" IS NULL) OR ("staff_id" IS NULL AND "office_role" IS NOT NULL AND "name" IS NOT NULL AND "region_code" IS NOT NULL)`,
)
export class StaffContactEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'staff_contacts_pkey' })
  id!: string;

  @Index('staff_contacts_staff_key', { unique: true })
  @Column({ name: 'staff_id', type: 'uuid', nullable: true })
  staffId!: string | null;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'staff_contacts_staff_id_fkey' })
  staff?: StaffUserEntity;

  /** Organisation role of an office entry (ORGANISATION_ROLES or a staff role for a duty post). */
  @Column({ name: 'office_role', type: 'text', nullable: true })
  officeRole!: string | null;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ name: 'region_code', type: 'character', length: 6, nullable: true })
  regionCode!: string | null;

  /** Mobile or duty phone for SMS. */
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  /** 企业微信群机器人 webhook URL (its key is a credential). */
  @Column({ name: 'wecom_webhook', type: 'text', nullable: true })
  wecomWebhook!: string | null;

  /** 钉钉群机器人 webhook URL and its 加签 secret (SEC...). */
  @Column({ name: 'dingtalk_webhook', type: 'text', nullable: true })
  dingtalkWebhook!: string | null;

  @Column({ name: 'dingtalk_secret', type: 'text', nullable: true })
  dingtalkSecret!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
