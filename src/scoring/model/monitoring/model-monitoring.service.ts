import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ASSESSMENT_LISTENER, type AssessmentListener } from '../../assessment-listener';
import type { FirmKind } from '../../../firms/firm.entity';
import type { IsoDate } from '../../../ingest/schemas/records';
import { MetricsService } from '../../../platform/metrics/metrics.service';
import { isoDaysBefore } from '../../features/dates';
import type { FeatureVector } from '../../features/feature-vector';
import { ModelRegistry } from '../../model-registry.service';
import { firstOutcomeDates } from '../../outcomes/outcome';
import { OutcomesService } from '../../outcomes/outcomes.service';
import { labelAt } from '../from-database/training-set';
import { transformRow } from '../model-features';
import type { RiskModel } from '../risk-model';
import { calibration, type CalibrationResult } from './calibration';
import { populationStability } from './drift';
import { loadMonitoringThresholds, type MonitoringThresholds } from './monitoring-thresholds';

export interface MonitoringBreach {
  check: 'drift' | 'calibration';
  detail: string;
}

export interface MonitoringResult {
  version: string;
  asOf: IsoDate;
  population: number;
  /** PSI per feature against the training data; null when the model carries no reference. */
  psi: Array<{ feature: string; psi: number }> | null;
  calibration: CalibrationResult | null;
  breaches: MonitoringBreach[];
}

/**
 * 模型监测: the served model's calibration (Brier, reliability bins, ECE) and discrimination (ROC AUC)
 * on the outcomes that arrived, and each input's drift (PSI) against its training data, as
 * Prometheus gauges; a breach of monitoring-thresholds.yaml opens a blue alert to the model owner.
 */
@Injectable()
export class ModelMonitoringService {
  private readonly logger = new Logger(ModelMonitoringService.name);
  private readonly thresholds: MonitoringThresholds = loadMonitoringThresholds();

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ModelRegistry,
    private readonly metrics: MetricsService,
    private readonly outcomes: OutcomesService,
    @Inject(ASSESSMENT_LISTENER) private readonly listener: AssessmentListener,
  ) {}

  async run(asOf: IsoDate, at: Date): Promise<MonitoringResult | null> {
    const model = await this.registry.active();
    if (!model) return null;
    await this.outcomes.refreshFromFeeds(); // outcomes the feeds brought since the last run
    const rows = await this.population(model, asOf);
    const psi = model.metadata.reference
      ? populationStability(model.metadata.reference, model.metadata.features, rows)
      : null;
    const cal = await this.calibrationOf(model.version, asOf);
    const breaches = this.breachesOf(psi, cal);
    const result: MonitoringResult = {
      version: model.version,
      asOf,
      population: rows.length,
      psi,
      calibration: cal,
      breaches,
    };
    // Nothing assessed lately and no outcome to check against: nothing to report (a fresh or idle database).
    if (rows.length === 0 && cal === null) return result;
    this.export(result);
    await this.dataSource.query(
      `INSERT INTO model_monitoring_runs (id, version, as_of, result, breaches, computed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), model.version, asOf, JSON.stringify(result), JSON.stringify(breaches), at],
    );
    await this.raise(result, at);
    return result;
  }

  /** The latest 30 runs, newest first. */
  async latest(): Promise<{ items: MonitoringResult[] }> {
    const rows: Array<{ result: MonitoringResult }> = await this.dataSource.query(
      `SELECT result FROM model_monitoring_runs ORDER BY computed_at DESC, id LIMIT 30`,
    );
    return { items: rows.map((r) => r.result) };
  }

  /** Each firm's latest assessment within populationDays: the inputs the model sees today. */
  private async population(model: RiskModel, asOf: IsoDate): Promise<Array<Array<number | null>>> {
    const rows: Array<{ kind: FirmKind; features: FeatureVector }> = await this.dataSource.query(
      `SELECT DISTINCT ON (a.firm_id) f.kind, a.features FROM assessments a JOIN firms f ON f.id = a.firm_id
        WHERE a.as_of <= $1 AND a.as_of > $2 ORDER BY a.firm_id, a.as_of DESC, a.assessed_at DESC`,
      [asOf, isoDaysBefore(asOf, this.thresholds.populationDays)],
    );
    const specs = model.metadata.features;
    return rows.map((r) => transformRow(r.features, specs, r.kind));
  }

  /** The model's probability at each firm's last assessment of each month, against what happened in the horizon after. */
  private async calibrationOf(version: string, asOf: IsoDate): Promise<CalibrationResult | null> {
    const [predictions, outcomes] = await Promise.all([
      this.dataSource.query(
        `SELECT DISTINCT ON (firm_id, date_trunc('month', as_of)) firm_id AS "firmId", to_char(as_of, 'YYYY-MM-DD') AS "asOf", model_probability::float8 AS p
           FROM assessments WHERE model_version = $1 AND model_probability IS NOT NULL AND as_of <= $2
          ORDER BY firm_id, date_trunc('month', as_of), as_of DESC, assessed_at DESC`,
        [version, asOf],
      ) as Promise<Array<{ firmId: string; asOf: IsoDate; p: number }>>,
      this.dataSource.query(
        `SELECT firm_id AS "firmId", to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn" FROM firm_outcomes WHERE occurred_on <= $1`,
        [asOf],
      ) as Promise<Array<{ firmId: string; occurredOn: IsoDate }>>,
    ]);
    const first = firstOutcomeDates(outcomes);
    const p: number[] = [];
    const y: number[] = [];
    for (const row of predictions) {
      const label = labelAt(row.asOf, first.get(row.firmId), 3, asOf);
      if (label === null) continue;
      p.push(row.p);
      y.push(label);
    }
    return p.length ? calibration(p, y) : null;
  }

  private breachesOf(psi: MonitoringResult['psi'], cal: CalibrationResult | null): MonitoringBreach[] {
    const t = this.thresholds;
    const breaches: MonitoringBreach[] = [];
    const drifted = (psi ?? []).filter((f) => f.psi > t.psi).sort((a, b) => b.psi - a.psi);
    if (drifted.length)
      breaches.push({
        check: 'drift',
        detail: `PSI > ${t.psi}: ${drifted.map((f) => `${f.feature} ${f.psi.toFixed(3)}`).join(', ')}`,
      });
    if (cal && cal.rows >= t.minOutcomeRows) {
      const out = [
        cal.ece > t.ece ? `ECE ${cal.ece.toFixed(3)} > ${t.ece}` : null,
        cal.brier > t.brier ? `Brier ${cal.brier.toFixed(3)} > ${t.brier}` : null,
      ].filter((s): s is string => s !== null);
      if (out.length)
        breaches.push({
          check: 'calibration',
          detail: `${out.join(', ')} on ${cal.rows} firm-months with known outcomes`,
        });
    }
    return breaches;
  }

  private export(r: MonitoringResult): void {
    const psi = this.metrics.gauge(
      'risk_model_feature_psi',
      'Population stability index of each model input against the training data',
      ['version', 'feature'],
    );
    for (const f of r.psi ?? []) psi.set({ version: r.version, feature: f.feature }, f.psi);
    this.metrics
      .gauge('risk_model_psi_max', 'Largest PSI over the model inputs', ['version'])
      .set({ version: r.version }, Math.max(0, ...(r.psi ?? []).map((f) => f.psi)));
    if (r.calibration) {
      this.metrics
        .gauge('risk_model_brier', 'Brier score of the served model on firm-months with known outcomes', ['version'])
        .set({ version: r.version }, r.calibration.brier);
      this.metrics
        .gauge('risk_model_ece', 'Expected calibration error of the served model', ['version'])
        .set({ version: r.version }, r.calibration.ece);
      this.metrics
        .gauge('risk_model_outcome_rows', 'Firm-months with a known outcome label the calibration is computed on', [
          'version',
        ])
        .set({ version: r.version }, r.calibration.rows);
      if (r.calibration.rocAuc !== null)
        this.metrics
          .gauge('risk_model_roc_auc', 'ROC AUC of the served model on known outcomes', ['version'])
          .set({ version: r.version }, r.calibration.rocAuc);
    }
    this.metrics.gauge('risk_model_monitoring_breaches', 'Monitoring checks in breach (1) or not (0)', [
      'version',
      'check',
    ]);
    for (const check of ['drift', 'calibration'] as const) {
      this.metrics
        .gauge('risk_model_monitoring_breaches', '', ['version', 'check'])
        .set({ version: r.version, check }, r.breaches.some((b) => b.check === check) ? 1 : 0);
    }
  }

  private async raise(r: MonitoringResult, at: Date): Promise<void> {
    for (const b of r.breaches) {
      await this.listener
        .onModelBreach?.({ version: r.version, check: b.check, detail: b.detail, asOf: r.asOf, at })
        .catch((error: unknown) =>
          this.logger.error(`model monitoring alert (${b.check}) not raised: ${(error as Error).message}`),
        );
    }
  }
}
