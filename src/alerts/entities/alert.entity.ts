import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { FirmEntity } from '../../firms/firm.entity';
import { ALERT_STATUSES, type AlertStatus } from '../domain/alert';
import type { AlertReason } from '../domain/assessment-signal';
import { ALERT_TIERS, type AlertTier } from '../../scoring/grading/alert-tier';
import type { StoredAlert } from '../persistence/alert-json';

import { ACTIVE_STATUSES_SQL } from '../persistence/status-sql';

// Active statuses: one such alert per (firm, cause), enforced by the two partial indexes.
/** 预警: the current state of one alert. Indexed columns beside the whole domain Alert (state). */
@Entity({ name: 'alerts' })
@Index('alerts_open_firm_cause_key', ['firmId', 'causeKey'], {
  unique: true,
  where: `"firm_id" IS NOT NULL AND "status" IN ${ACTIVE_STATUSES_SQL}`,
})
@Index('alerts_open_bureau_cause_key', ['causeKey'], {
  unique: true,
  where: `"firm_id" IS NULL AND "status" IN ${ACTIVE_STATUSES_SQL}`,
})
@Index('alerts_due_idx', ['deadlineAt'], { where: `"status" = 'open'` })
@Index('alerts_region_updated_idx', ['regionCode', 'updatedAt'])
export class AlertEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'alerts_pkey' })
  id!: string;

  /** firms.id; null for a bureau-wide alert (evidence tampering of no firm). */
  @Index('alerts_firm_idx')
  @Column({ name: 'firm_id', type: 'uuid', nullable: true })
  firmId!: string | null;

  @ManyToOne(() => FirmEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id', foreignKeyConstraintName: 'alerts_firm_id_fkey' })
  firm?: FirmEntity;

  /** causeKey(cause), e.g. 'score_band', 'rule:EW-09'. */
  @Column({ name: 'cause_key', type: 'text' })
  causeKey!: string;

  @Column({ type: 'enum', enum: ALERT_TIERS, enumName: 'alert_tier' })
  tier!: AlertTier;

  @Column({ type: 'enum', enum: ALERT_STATUSES, enumName: 'alert_status' })
  status!: AlertStatus;

  /** 一票否决. */
  @Column({ type: 'boolean' })
  veto!: boolean;

  /** The latest signal's reasons, structured (rule id, value, threshold). */
  @Column({ type: 'jsonb' })
  reasons!: AlertReason[];

  /** GB/T 2260 code of the firm's county (or city); region scope and routing read it. */
  @Column({ name: 'region_code', type: 'character', length: 6 })
  regionCode!: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  /** 确认时限; null once acknowledged. The escalation worker scans open alerts past it. */
  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  @Column({ name: 'escalation_level', type: 'integer' })
  escalationLevel!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Bumped by every change; events carry it, so the history has a total order per alert. */
  @Column({ type: 'integer' })
  version!: number;

  /** Scoring's assessment id of the latest signal: a replayed signal changes nothing. */
  @Column({ name: 'last_assessment_id', type: 'text', nullable: true })
  lastAssessmentId!: string | null;

  /** The whole domain Alert (dates as ISO strings). */
  @Column({ type: 'jsonb' })
  state!: StoredAlert;
}
