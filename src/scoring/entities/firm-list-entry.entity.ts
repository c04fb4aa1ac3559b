import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { FirmEntity } from '../../firms/firm.entity';

export const FIRM_LISTS = ['white', 'black'] as const;
export type FirmList = (typeof FIRM_LISTS)[number];

/**
 * 白名单 / 黑名单 decisions: a row each time a firm enters or leaves a list, with the reasons.
 * Append-only (trigger); the latest row per (firm, list) is the current standing.
 */
@Entity({ name: 'firm_lists' })
@Index('firm_lists_firm_list_idx', ['firmId', 'list', 'decidedAt'])
export class FirmListEntryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'firm_lists_pkey' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id', foreignKeyConstraintName: 'firm_lists_firm_id_fkey' })
  firm?: FirmEntity;

  @Column({ type: 'text' })
  list!: FirmList;

  /** True: entered (or stays on) the list; false: left it. */
  @Column({ type: 'boolean' })
  listed!: boolean;

  @Column({ type: 'jsonb' })
  reasons!: string[];

  /** The assessment that led to the decision. */
  @Column({ name: 'assessment_id', type: 'uuid', nullable: true })
  assessmentId!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;
}
