import type { EntityManager } from 'typeorm';
import type { AssessmentRecord } from './persistence/assessment-records';
import type { LatestAssessment } from './persistence/scoring-reads';

/** A stored assessment and the firm's assessment before it (null for its first). */
export interface AssessedFirm {
  record: AssessmentRecord;
  previous: LatestAssessment | null;
  /** firms.id of each related red firm named in the propagation flags, by credit code. */
  firmIdByCode: ReadonlyMap<string, string>;
}

/** A breach of the served model's monitoring thresholds (model/monitoring): for the model owner. */
export interface ModelMonitoringBreach {
  version: string;
  check: 'drift' | 'calibration';
  detail: string;
  asOf: string;
  at: Date;
}

/**
 * Called after each committed batch of assessments. The alerts module implements it
 * (alerts/assessment-signals.ts); the composition root hands it to ScoringModule.forRoot.
 */
export interface AssessmentListener {
  /** Inside the transaction that stores the assessments (an outbox writes its rows here). */
  inTransaction?(m: EntityManager, assessed: readonly AssessedFirm[]): Promise<void>;
  /** After that transaction committed. */
  onAssessments(assessed: readonly AssessedFirm[]): Promise<void>;
  /** Drift or calibration breach of the served model; a listener without alerts may ignore it. */
  onModelBreach?(breach: ModelMonitoringBreach): Promise<void>;
}

export const ASSESSMENT_LISTENER = Symbol('ASSESSMENT_LISTENER');
