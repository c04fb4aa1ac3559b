import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ContingencyPlanEntity } from './contingency-plan.entity';

export const TASK_STATUSES = ['pending', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** 处置任务 of an opened plan: owner, due time, status. */
@Entity({ name: 'contingency_tasks' })
@Index('contingency_tasks_plan_task_key', ['planId', 'taskId'], { unique: true })
@Index('contingency_tasks_due_idx', ['status', 'dueAt'])
export class ContingencyTaskEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'contingency_tasks_pkey' })
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @ManyToOne(() => ContingencyPlanEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'contingency_tasks_plan_id_fkey' })
  plan?: ContingencyPlanEntity;

  /** The template's task id, e.g. 'phone-report'. */
  @Column({ name: 'task_id', type: 'text' })
  taskId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'owner_role', type: 'text' })
  ownerRole!: string;

  @Column({ name: 'owner_region_code', type: 'character', length: 6 })
  ownerRegionCode!: string;

  /** Officials holding the role there; empty when vacant. */
  @Column({ name: 'owner_staff_ids', type: 'jsonb' })
  ownerStaffIds!: string[];

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text' })
  status!: TaskStatus;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
