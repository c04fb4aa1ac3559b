import type { EvaluationMetrics } from './metrics';
import type { ModelMetadata } from './model-metadata';

const f3 = (n: number): string => n.toFixed(3);

function calibrationTable(m: EvaluationMetrics): string[] {
  return [
    '| decile | rows | mean predicted | observed rate |',
    '|---|---|---|---|',
    ...m.calibration.map((c) => `| ${c.bin} | ${c.rows} | ${f3(c.meanPredicted)} | ${f3(c.observedRate)} |`),
  ];
}

/** EVALUATION.md of a model version: held-out metrics of the model and the baseline side by side. */
export function renderEvaluationReport(meta: ModelMetadata): string {
  const { model, baseline } = meta.metrics;
  const pk = (m: EvaluationMetrics, k: number): string => {
    const p = m.precisionAtK.find((x) => x.k === k);
    return p ? f3(p.precision) : 'n/a';
  };
  const d = meta.data;
  return [
    `# Distress model ${meta.version}: evaluation`,
    '',
    `Target: ${meta.target}.`,
    '',
    `Data: ${d.firms} synthetic firms × ${d.months} months from \`${d.generator}\` (seed ${meta.seed}, start ${d.startMonth}, deteriorating share ${d.deterioratingShare}); feature dates ${d.asOfRange[0]} to ${d.asOfRange[1]}.`,
    `Split by firm: ${d.firmsSplit.train} firms for training (${d.rows.train} rows, ${d.rows.trainPositives} positive), ${d.firmsSplit.test} held-out firms (${d.rows.test} rows, ${d.rows.testPositives} positive).`,
    `Model: MLP ${meta.architecture.hidden.join('-')} → logit, ${meta.architecture.epochs} epochs, Adam ${meta.architecture.learningRate}, L2 ${meta.architecture.l2}. Baseline: L2 logistic regression (plain gradient descent) on the same inputs.`,
    '',
    '## Held-out metrics',
    '',
    '| metric | TF.js MLP | logistic baseline |',
    '|---|---|---|',
    `| ROC AUC | ${f3(model.rocAuc)} | ${f3(baseline.rocAuc)} |`,
    `| PR AUC (average precision) | ${f3(model.prAuc)} | ${f3(baseline.prAuc)} |`,
    `| precision @ top 50 | ${pk(model, 50)} | ${pk(baseline, 50)} |`,
    `| precision @ top 100 | ${pk(model, 100)} | ${pk(baseline, 100)} |`,
    `| precision @ top 200 | ${pk(model, 200)} | ${pk(baseline, 200)} |`,
    `| Brier score | ${f3(model.brier)} | ${f3(baseline.brier)} |`,
    `| log loss | ${f3(model.logLoss)} | ${f3(baseline.logLoss)} |`,
    `| base rate | ${f3(model.positives / model.rows)} | ${f3(baseline.positives / baseline.rows)} |`,
    '',
    '## Calibration (deciles of predicted probability), TF.js MLP',
    '',
    ...calibrationTable(model),
    '',
    '## Calibration, logistic baseline',
    '',
    ...calibrationTable(baseline),
    '',
    '## Limits',
    '',
    "- Trained only on simulated firms: the numbers say the model recovers the generator's causes, not that it predicts real failures. Re-train on the bureau's own labelled history before relying on probabilities.",
    '- The generator encodes our assumptions of how distress arises (see its header); causes it does not simulate (fraud with clean data, macro shocks, policy changes) are invisible to the model.',
    '- Rows of one firm are correlated; metrics are per firm-month on held-out firms.',
    '',
  ].join('\n');
}
