import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { NotFound } from '../platform/errors/domain-error';
import type { ModelMetadata } from './model/model-metadata';
import { RiskModel } from './model/risk-model';
import { modelDir } from './scoring-assets';

export interface ModelSummary {
  version: string;
  active: boolean;
  trainedAt: string;
  target: string;
  features: number;
  metrics: ModelMetadata['metrics'];
}

/** The served distress model (RiskModel.loadActive, loaded once) and the versions on disk with their evaluation. */
@Injectable()
export class ModelRegistry implements OnModuleDestroy {
  private readonly logger = new Logger(ModelRegistry.name);
  private loading: Promise<RiskModel | null> | null = null;
  private loadedVersion: string | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get root(): string {
    return modelDir(this.config.scoring.modelDir);
  }

  /**
   * The active model, or null when none is configured (the rules alone then score). A promotion
   * (here or by another replica sharing the folder) changes active.json: the next call loads it.
   */
  active(): Promise<RiskModel | null> {
    const pointed = this.activeVersion();
    if (this.loading && pointed !== this.loadedVersion) {
      const previous = this.loading;
      void previous.then((m) => setTimeout(() => m?.dispose(), 60_000).unref());
      this.loading = null;
    }
    this.loadedVersion = pointed;
    this.loading ??= RiskModel.loadActive(this.root).catch((error: unknown) => {
      this.logger.warn(`no active model in ${this.root}, scoring with the rules alone: ${(error as Error).message}`);
      return null;
    });
    return this.loading;
  }

  /** The registry's folder (versions and active.json). */
  get directory(): string {
    return this.root;
  }

  activeVersion(): string | null {
    const pointer = join(this.root, 'active.json');
    return existsSync(pointer) ? (JSON.parse(readFileSync(pointer, 'utf8')) as { version: string }).version : null;
  }

  list(): ModelSummary[] {
    if (!existsSync(this.root)) return [];
    const active = this.activeVersion();
    return readdirSync(this.root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(this.root, d.name, 'metadata.json')))
      .map((d) => summary(this.metadata(d.name), d.name === active))
      .sort((a, b) => (a.trainedAt < b.trainedAt ? 1 : -1));
  }

  /** Metadata (features, normalisation, data, metrics) and EVALUATION.md of one version. */
  get(version: string): ModelSummary & { metadata: ModelMetadata; evaluation: string | null } {
    if (!/^[A-Za-z0-9._-]+$/.test(version) || !existsSync(join(this.root, version, 'metadata.json')))
      throw new NotFound(`no model version ${version}`);
    const metadata = this.metadata(version);
    const evaluationPath = join(this.root, version, 'EVALUATION.md');
    return {
      ...summary(metadata, version === this.activeVersion()),
      metadata,
      evaluation: existsSync(evaluationPath) ? readFileSync(evaluationPath, 'utf8') : null,
    };
  }

  private metadata(version: string): ModelMetadata {
    return JSON.parse(readFileSync(join(this.root, version, 'metadata.json'), 'utf8')) as ModelMetadata;
  }

  async onModuleDestroy(): Promise<void> {
    (await this.loading)?.dispose();
  }
}

function summary(m: ModelMetadata, active: boolean): ModelSummary {
  return {
    version: m.version,
    active,
    trainedAt: m.trainedAt,
    target: m.target,
    features: m.features.length,
    metrics: m.metrics,
  };
}
