import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { FirmEntity } from '../../firms/firm.entity';
import { GRADED_TIERS, type GradedTier, type Grade } from '../grading/alert-tier';
import type { AssessmentExplanation, FiredRule, PropagationFlag } from '../grading/composite-score';

/** What started a re-score: new records, the scheduled full run, a manual score, a finding, a pack activation. */
export const ASSESSMENT_TRIGGERS = ['ingest', 'full', 'manual_score', 'finding', 'activation', 'request'] as const;
export type AssessmentTrigger = (typeof ASSESSMENT_TRIGGERS)[number];

/**
 * 风险评估: one firm's composite assessment at one date. Append-only (trigger): a re-score is a
 * new row, the latest (as_of, assessed_at) is the current one. Scores are numeric(4,1) strings.
 */
@Entity({ name: 'assessments' })
@Index('assessments_firm_as_of_idx', ['firmId', 'asOf', 'assessedAt'])
@Index('assessments_assessed_at_idx', ['assessedAt'])
export class AssessmentEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'assessments_pkey' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id', foreignKeyConstraintName: 'assessments_firm_id_fkey' })
  firm?: FirmEntity;

  /** The date the assessment speaks of (records dated later are ignored). */
  @Column({ name: 'as_of', type: 'date' })
  asOf!: string;

  @Column({ name: 'assessed_at', type: 'timestamptz' })
  assessedAt!: Date;

  /** 综合风险分 0-100 (100 = distress imminent). */
  @Column({ name: 'risk_score', type: 'numeric', precision: 4, scale: 1 })
  riskScore!: string;

  @Column({ name: 'rule_score', type: 'numeric', precision: 4, scale: 1 })
  ruleScore!: string;

  /** Null when no model was active. */
  @Column({ name: 'model_score', type: 'numeric', precision: 4, scale: 1, nullable: true })
  modelScore!: string | null;

  /** Model probability of distress within 90 days. */
  @Column({ name: 'model_probability', type: 'numeric', precision: 7, scale: 6, nullable: true })
  modelProbability!: string | null;

  /** Rules and model combined, before manual scores. */
  @Column({ name: 'machine_score', type: 'numeric', precision: 4, scale: 1 })
  machineScore!: string;

  /** 100 − risk; carries the grade. */
  @Column({ name: 'quality_score', type: 'numeric', precision: 4, scale: 1 })
  qualityScore!: string;

  @Column({ type: 'text' })
  grade!: Grade;

  @Column({ type: 'enum', enum: GRADED_TIERS, enumName: 'assessment_tier' })
  tier!: GradedTier;

  @Column({ name: 'score_tier', type: 'enum', enum: GRADED_TIERS, enumName: 'assessment_tier' })
  scoreTier!: GradedTier;

  @Column({ name: 'rule_tier', type: 'enum', enum: GRADED_TIERS, enumName: 'assessment_tier' })
  ruleTier!: GradedTier;

  /** 综合排名 across all scored firms when this row was written (1 = riskiest). */
  @Column({ type: 'integer' })
  rank!: number;

  /** How many firms that ranking covered. */
  @Column({ name: 'ranked_firms', type: 'integer' })
  rankedFirms!: number;

  /** Rule packs that judged it, e.g. ["p2p_lending@1", "public_data@1"]. */
  @Column({ name: 'pack_versions', type: 'jsonb' })
  packVersions!: string[];

  @Column({ name: 'model_version', type: 'text', nullable: true })
  modelVersion!: string | null;

  /** Rules fired (value, threshold), no-data rules, tier reasons, model contributions, manual scores, propagation paths. */
  @Column({ type: 'jsonb' })
  explanation!: AssessmentExplanation;

  /** The compact view cross-firm work reads: explanation.rulesFired without values and texts. */
  @Column({ name: 'rules_fired', type: 'jsonb' })
  rulesFired!: FiredRule[];

  /** explanation.propagation: related red firms and the path to each. */
  @Column({ type: 'jsonb' })
  propagation!: PropagationFlag[];

  /** The feature vector the rules and the model read (FEATURES.md). */
  @Column({ type: 'jsonb' })
  features!: Record<string, number | boolean | null>;

  @Column({ type: 'text' })
  trigger!: AssessmentTrigger;
}
