import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderEvaluationReport } from './evaluation-report';
import { saveModelFolder } from './model-io';
import { MODEL_ARTIFACTS_DIR } from './risk-model';
import { DEFAULT_TRAIN, trainDistressModel } from './train';
import { trainFromDatabaseCli } from './from-database/train-from-database.cli';

// npm run train -- [--seed S] [--firms N] [--months M] [--epochs E] [--out DIR] [--activate]
// npm run train -- --from-database [--test-months M] [--known-until YYYY-MM-DD] [--epochs E] [--out DIR]
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '20260101' },
      firms: { type: 'string', default: String(DEFAULT_TRAIN.firms) },
      months: { type: 'string', default: String(DEFAULT_TRAIN.months) },
      epochs: { type: 'string' },
      out: { type: 'string', default: MODEL_ARTIFACTS_DIR },
      activate: { type: 'boolean', default: false },
      'from-database': { type: 'boolean', default: false },
      'test-months': { type: 'string' },
      'known-until': { type: 'string' },
    },
  });
  const started = Date.now();
  const progress = (message: string): void =>
    console.log(`[train ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
  if (values['from-database']) {
    if (values.activate)
      throw new Error(
        '--from-database registers a candidate; an analyst promotes it through the API with the comparison report id',
      );
    const { reportId, dir } = await trainFromDatabaseCli({
      seed: Number(values.seed),
      out: values.out === MODEL_ARTIFACTS_DIR ? undefined : resolve(values.out),
      epochs: values.epochs ? Number(values.epochs) : undefined,
      testMonths: values['test-months'] ? Number(values['test-months']) : undefined,
      knownUntil: values['known-until'],
      onProgress: progress,
    });
    progress(`registered ${dir}; comparison report ${reportId}`);
    return;
  }
  const { model, metadata } = await trainDistressModel({
    ...DEFAULT_TRAIN,
    seed: Number(values.seed),
    firms: Number(values.firms),
    months: Number(values.months),
    mlp: values.epochs ? { epochs: Number(values.epochs) } : undefined,
    onProgress: progress,
  });
  const root = resolve(values.out);
  const dir = join(root, metadata.version);
  mkdirSync(dir, { recursive: true });
  await saveModelFolder(model, dir, metadata);
  writeFileSync(join(dir, 'EVALUATION.md'), renderEvaluationReport(metadata));
  if (values.activate)
    writeFileSync(join(root, 'active.json'), `${JSON.stringify({ version: metadata.version }, null, 2)}\n`);
  const m = metadata.metrics;
  progress(`saved ${dir}${values.activate ? ' (active)' : ''}`);
  progress(
    `held-out ROC AUC: model ${m.model.rocAuc.toFixed(3)}, baseline ${m.baseline.rocAuc.toFixed(3)}; PR AUC: model ${m.model.prAuc.toFixed(3)}, baseline ${m.baseline.prAuc.toFixed(3)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
