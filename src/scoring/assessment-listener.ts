import type { AssessmentRecord } from './persistence/assessment-records';
import type { LatestAssessment } from './persistence/scoring-reads';

/** A stored assessment and the firm's assessment before it (null for its first). */
export interface AssessedFirm {
  record: AssessmentRecord;
  previous: LatestAssessment | null;
  /** firms.id of each related red firm named in the propagation flags, by credit code. */
  firmIdByCode: ReadonlyMap<string, string>;
}

/**
 * Called after each committed batch of assessments. The alerts module implements it
 * (alerts/assessment-signals.ts); the composition root hands it to ScoringModule.forRoot.
 */
export interface AssessmentListener {
  onAssessments(assessed: readonly AssessedFirm[]): Promise<void>;
}

export const ASSESSMENT_LISTENER = Symbol('ASSESSMENT_LISTENER');
