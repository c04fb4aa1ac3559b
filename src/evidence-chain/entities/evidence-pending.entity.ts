import { Entity, PrimaryColumn } from 'typeorm';

/**
 * Leaves stored but not yet sequenced into the log. Writers insert here in the same transaction
 * as the leaf; the anchor role moves them into evidence_log in id order. A queue, so not append-only.
 */
@Entity({ name: 'evidence_pending' })
export class EvidencePendingEntity {
  @PrimaryColumn({ name: 'leaf_id', type: 'bigint', primaryKeyConstraintName: 'evidence_pending_pkey' })
  leafId!: string;
}
