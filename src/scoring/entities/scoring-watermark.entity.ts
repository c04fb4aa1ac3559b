import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Progress of the scoring role, shared by its replicas: the ingest watermark (records received
 * up to it are scored) and when the last full re-score finished. Updated in place.
 */
@Entity({ name: 'scoring_watermarks' })
export class ScoringWatermarkEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'scoring_watermarks_pkey' })
  name!: 'ingest' | 'full_rescore';

  @Column({ type: 'timestamptz', nullable: true })
  at!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
