import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { simulateTrajectories } from '../../../ingest/simulator/firm-trajectory';
import { isUuid } from '../../../platform/uuid';
import { ModelRegistry } from '../../model-registry.service';
import { CHECK_ROWS_FILE } from '../from-database/register-candidate';
import { monotonicityViolations } from '../fixed-directions';
import { RiskModel } from '../risk-model';
import { labelledRows } from '../training-data';
import { ComparisonReportMissing, ModelNotMonotone } from './model-promotion.errors';

export interface ModelActivation {
  id: string;
  version: string;
  previousVersion: string | null;
  comparisonId: string;
  activatedBy: string;
  activatedAt: string;
}

type Row = Array<number | null>;

/**
 * 模型启用: an analyst serves a registered candidate, citing the comparison report of that very
 * version; the candidate is re-checked for monotonicity first (a model that says a dishonest
 * debtor is safer is refused, whatever its metrics). The route is a traced power (rule_pack.activate).
 */
@Injectable()
export class ModelPromotionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ModelRegistry,
  ) {}

  async comparison(id: string): Promise<{ id: string; candidateVersion: string; createdAt: string; report: unknown }> {
    const [row] = isUuid(id)
      ? await this.dataSource.query(
          `SELECT id, candidate_version AS "candidateVersion", created_at AS "createdAt", report FROM model_comparisons WHERE id = $1`,
          [id],
        )
      : [];
    if (!row) throw new ComparisonReportMissing('?', `no comparison report ${id}`);
    return row;
  }

  async promote(version: string, comparisonId: unknown, staffId: string, at: Date): Promise<ModelActivation> {
    this.registry.get(version); // 404 for an unknown version
    if (typeof comparisonId !== 'string' || !isUuid(comparisonId))
      throw new ComparisonReportMissing(
        version,
        'comparisonId must be the id of the comparison report (uuid) printed by npm run train -- --from-database',
      );
    const [report] = await this.dataSource.query(`SELECT candidate_version FROM model_comparisons WHERE id = $1`, [
      comparisonId,
    ]);
    if (!report) throw new ComparisonReportMissing(version, `no comparison report ${comparisonId}`);
    if (report.candidate_version !== version)
      throw new ComparisonReportMissing(
        version,
        `comparison report ${comparisonId} is about ${report.candidate_version}, not ${version}`,
      );

    const dir = join(this.registry.directory, version);
    const model = await RiskModel.load(dir);
    try {
      const violations = monotonicityViolations(checkRows(dir), (rows) => model.predictRows(rows));
      if (violations.length > 0) throw new ModelNotMonotone(version, violations);
    } finally {
      model.dispose();
    }

    const previousVersion = this.registry.activeVersion();
    const activation: ModelActivation = {
      id: randomUUID(),
      version,
      previousVersion,
      comparisonId,
      activatedBy: staffId,
      activatedAt: at.toISOString(),
    };
    await this.dataSource.query(
      `INSERT INTO model_activations (id, version, previous_version, comparison_id, activated_by, activated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [activation.id, version, previousVersion, comparisonId, staffId, at],
    );
    // Write then rename: a replica reading active.json never sees half a file.
    const pointer = join(this.registry.directory, 'active.json');
    writeFileSync(`${pointer}.tmp`, `${JSON.stringify({ version }, null, 2)}\n`);
    renameSync(`${pointer}.tmp`, pointer);
    await this.registry.active();
    return activation;
  }
}

let simulatedRows: Row[] | null = null;

/** The rows the candidate was checked on when trained from the database, else simulated firm-months (made once per process). */
function checkRows(dir: string): Row[] {
  const file = join(dir, CHECK_ROWS_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Row[];
  simulatedRows ??= labelledRows(
    simulateTrajectories({ seed: 20260101, firms: 120, months: 12, startMonth: '2024-01', deterioratingShare: 0.3 }),
    12,
  ).map((r) => r.x);
  return simulatedRows;
}
