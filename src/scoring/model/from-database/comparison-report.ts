import type { EvaluationMetrics } from '../metrics';
import type { ComparisonReport } from './train-from-database';

const f3 = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(3));

/** EVALUATION.md of a candidate trained from the database: the three models on the same later window. */
export function renderComparisonReport(reportId: string, r: ComparisonReport): string {
  const models: Array<[string, EvaluationMetrics | null]> = [
    [`candidate ${r.candidateVersion}`, r.metrics.candidate],
    [`served ${r.currentVersion ?? '(none)'}`, r.metrics.current],
    ['logistic baseline', r.metrics.baseline],
  ];
  const row = (label: string, pick: (m: EvaluationMetrics) => number) =>
    `| ${label} | ${models.map(([, m]) => (m ? f3(pick(m)) : 'n/a')).join(' | ')} |`;
  return [
    `# Distress model ${r.candidateVersion}: comparison report ${reportId}`,
    '',
    `Trained from the bureau's stored history: features as known at each month end (point in time; ${r.lookAheadChecked} rows re-checked for look-ahead), label = an outcome within ${r.horizonMonths} months after, outcomes known until ${r.knownUntil}.`,
    `Split by time: training rows up to ${r.trainUntil} (${r.rows.train} rows, ${r.rows.trainPositives} positive), their horizon ending before the window; test window ${r.window.from} to ${r.window.to} (${r.rows.test} rows, ${r.rows.testPositives} positive). Every metric below is on the test window only.`,
    '',
    `| metric | ${models.map(([label]) => label).join(' | ')} |`,
    `|---|${models.map(() => '---').join('|')}|`,
    row('ROC AUC', (m) => m.rocAuc),
    row('PR AUC', (m) => m.prAuc),
    row('Brier score', (m) => m.brier),
    row('log loss', (m) => m.logLoss),
    '',
    r.currentSkipped ? `The served model was not scored: ${r.currentSkipped}.` : '',
    `Monotone in ${r.monotone.features} fixed-direction features on ${r.monotone.sampledRows} sampled rows.`,
    '',
    `Promote with POST /v1/models/${r.candidateVersion}/activate and {"comparisonId": "${reportId}"}.`,
    '',
  ].join('\n');
}
