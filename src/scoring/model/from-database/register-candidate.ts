import type * as Tf from '@tensorflow/tfjs';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { saveModelFolder } from '../model-io';
import type { ModelMetadata } from '../model-metadata';
import { renderComparisonReport } from './comparison-report';
import type { ComparisonReport } from './train-from-database';

/** The rows a promotion re-checks monotonicity on, beside the model's files. */
export const CHECK_ROWS_FILE = 'check-rows.json';

/**
 * Register a candidate: its folder in the model registry (not active), EVALUATION.md with the
 * comparison, the monotonicity check rows, and the comparison report row whose id a promotion cites.
 */
export async function registerCandidate(
  db: DataSource,
  root: string,
  trained: { model: Tf.LayersModel; metadata: ModelMetadata; report: ComparisonReport; checkRows: unknown[] },
): Promise<{ reportId: string; dir: string }> {
  const dir = join(root, trained.metadata.version);
  await saveModelFolder(trained.model, dir, trained.metadata);
  writeFileSync(join(dir, CHECK_ROWS_FILE), `${JSON.stringify(trained.checkRows)}\n`);
  const reportId = randomUUID();
  writeFileSync(join(dir, 'EVALUATION.md'), renderComparisonReport(reportId, trained.report));
  const r = trained.report;
  await db.query(
    `INSERT INTO model_comparisons (id, candidate_version, current_version, window_from, window_to, horizon_months, monotone, report) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      reportId,
      r.candidateVersion,
      r.currentVersion,
      r.window.from,
      r.window.to,
      r.horizonMonths,
      r.monotone.violations.length === 0,
      JSON.stringify(r),
    ],
  );
  return { reportId, dir };
}
