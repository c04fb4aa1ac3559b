import { DataSource } from 'typeorm';
import { loadConfig } from '../../../platform/config/config';
import { dataSourceOptions } from '../../../platform/database/data-source-options';
import { OutcomesService } from '../../outcomes/outcomes.service';
import { modelDir } from '../../scoring-assets';
import { RiskModel } from '../risk-model';
import { registerCandidate } from './register-candidate';
import { DEFAULT_DATABASE_TRAIN, trainFromDatabase } from './train-from-database';

export interface DatabaseTrainCliOptions {
  seed: number;
  out?: string;
  epochs?: number;
  testMonths?: number;
  knownUntil?: string;
  onProgress: (message: string) => void;
}

/** `npm run train -- --from-database`: outcomes refreshed from the feeds, a candidate trained and registered (not served). */
export async function trainFromDatabaseCli(o: DatabaseTrainCliOptions): Promise<{ reportId: string; dir: string }> {
  const config = loadConfig();
  if (config.database.mode !== 'postgres')
    throw new Error('--from-database needs DATABASE_URL (the PostgreSQL the service stores its history in)');
  const db = await new DataSource(dataSourceOptions(config.database.url)).initialize();
  const root = o.out ?? modelDir(config.scoring.modelDir);
  const current = await RiskModel.loadActive(root).catch(() => null);
  try {
    const added = await new OutcomesService(db).refreshFromFeeds();
    o.onProgress(`outcomes: ${added} new from the registry and court feeds and licence changes`);
    const trained = await trainFromDatabase(db, current, {
      ...DEFAULT_DATABASE_TRAIN,
      seed: o.seed,
      ...(o.testMonths ? { testMonths: o.testMonths } : {}),
      ...(o.knownUntil ? { knownUntil: o.knownUntil } : {}),
      ...(o.epochs ? { mlp: { epochs: o.epochs } } : {}),
      onProgress: o.onProgress,
    });
    const m = trained.report.metrics;
    o.onProgress(
      `window ${trained.report.window.from}..${trained.report.window.to}: PR AUC candidate ${m.candidate.prAuc.toFixed(3)}, served ${m.current?.prAuc.toFixed(3) ?? 'n/a'}, baseline ${m.baseline.prAuc.toFixed(3)}`,
    );
    return await registerCandidate(db, root, trained);
  } finally {
    current?.dispose();
    await db.destroy();
  }
}
