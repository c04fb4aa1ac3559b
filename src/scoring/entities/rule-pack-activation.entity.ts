import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Which version of a rule pack judges firms from when, and who decided. Append-only (trigger):
 * the latest row per pack is the active version; without one the highest bundled version is.
 */
@Entity({ name: 'rule_pack_activations' })
@Index('rule_pack_activations_pack_idx', ['pack', 'activatedAt'])
export class RulePackActivationEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'rule_pack_activations_pkey' })
  id!: string;

  @Column({ type: 'text' })
  pack!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'activated_by', type: 'text' })
  activatedBy!: string;

  @Column({ name: 'activated_at', type: 'timestamptz' })
  activatedAt!: Date;
}
