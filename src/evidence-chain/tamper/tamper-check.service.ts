import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { MetricsService } from '../../platform/metrics/metrics.service';
import { recordContentHash } from '../canonical/content-hash';
import { nodeSha256 } from '../canonical/sha256-node';

export interface TamperFinding {
  leafId: string;
  recordKind: string;
  recordId: string;
  firmId: string | null;
  expectedHash: string;
  actualHash: string;
}

const CHUNK = 5000;

/**
 * Re-hashes stored records against their evidence leaves. A record changed behind the
 * application's back (an UPDATE in SQL with the append-only trigger disabled, a restored backup)
 * no longer matches: the finding is stored (append-only) and announced as a red alert.
 */
@Injectable()
export class TamperCheckService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TamperCheckService.name);
  /** Emits 'tampered' with a TamperFinding; the alerts module listens. */
  readonly events = new EventEmitter();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;
  private readonly found;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.found = metrics.counter('evidence_tamper_findings_total', 'Stored records that no longer match their evidence leaf');
  }

  onApplicationBootstrap(): void {
    // The scan runs beside the anchor leader; other roles only list findings.
    if (this.config.role !== 'anchor' && this.config.role !== 'all') return;
    const tick = () => {
      this.running = this.scan()
        .catch((error: unknown) => this.logger.warn(`tamper scan failed: ${(error as Error).message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.config.evidence.tamperCheckIntervalMs);
        });
    };
    this.timer = setTimeout(tick, this.config.evidence.tamperCheckIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One full pass over the stored records; returns the new findings. */
  async scan(): Promise<TamperFinding[]> {
    const findings: TamperFinding[] = [];
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: Array<{ id: string; kind: string; firm_id: string; payload: unknown; leaf_id: string; leaf_hash: Buffer }> = await this.dataSource.query(
        `SELECT r.id, r.kind, r.firm_id, r.payload, l.id AS leaf_id, l.content_hash AS leaf_hash
           FROM ingest_records r JOIN evidence_leaves l ON l.record_kind = r.kind AND l.record_id = r.id::text
          WHERE r.id > $1 ORDER BY r.id LIMIT $2`,
        [after, CHUNK],
      );
      for (const row of rows) {
        const actual = Buffer.from(recordContentHash(row.payload, nodeSha256));
        if (!actual.equals(row.leaf_hash)) {
          findings.push({ leafId: row.leaf_id, recordKind: row.kind, recordId: row.id, firmId: row.firm_id, expectedHash: row.leaf_hash.toString('hex'), actualHash: actual.toString('hex') });
        }
      }
      if (rows.length < CHUNK) break;
      after = rows[rows.length - 1].id;
    }
    const fresh = await this.recordNew(findings);
    for (const finding of fresh) {
      this.found.inc();
      this.logger.error(`evidence tampered: ${finding.recordKind} ${finding.recordId} hashes to ${finding.actualHash}, its leaf says ${finding.expectedHash}`);
      this.events.emit('tampered', finding);
    }
    return fresh;
  }

  /** Stores findings not already on record (same leaf, same wrong hash), returning those. */
  private async recordNew(findings: TamperFinding[]): Promise<TamperFinding[]> {
    const fresh: TamperFinding[] = [];
    for (const f of findings) {
      const inserted = await this.dataSource.query(
        `INSERT INTO evidence_tamper_findings (leaf_id, record_kind, record_id, expected_hash, actual_hash)
         SELECT $1, $2, $3, $4, $5
          WHERE NOT EXISTS (SELECT 1 FROM evidence_tamper_findings WHERE leaf_id = $1 AND actual_hash = $5)
         RETURNING id`,
        [f.leafId, f.recordKind, f.recordId, Buffer.from(f.expectedHash, 'hex'), Buffer.from(f.actualHash, 'hex')],
      );
      if (inserted.length) fresh.push(f);
    }
    return fresh;
  }

  async list(limit = 100): Promise<Array<TamperFinding & { foundAt: string }>> {
    return this.dataSource.query(
      `SELECT f.leaf_id AS "leafId", f.record_kind AS "recordKind", f.record_id AS "recordId", l.firm_id AS "firmId",
              encode(f.expected_hash, 'hex') AS "expectedHash", encode(f.actual_hash, 'hex') AS "actualHash", f.found_at AS "foundAt"
         FROM evidence_tamper_findings f JOIN evidence_leaves l ON l.id = f.leaf_id
        ORDER BY f.id DESC LIMIT $1`,
      [limit],
    );
  }
}
