import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { MetricsService } from '../../platform/metrics/metrics.service';
import { rehasherOf } from './leaf-rehashers';

export interface TamperFinding {
  leafId: string;
  recordKind: string;
  recordId: string;
  firmId: string | null;
  expectedHash: string;
  /** The stored row's hash now; empty when the row is gone (deleted, or its key or kind changed). */
  actualHash: string;
}

interface LeafRow {
  id: string;
  record_kind: string;
  record_id: string;
  firm_id: string | null;
  content_hash: Buffer;
}

/** Leaves per batch: the scan walks evidence_leaves by id and never holds more than this at once. */
const BATCH = 2000;

/**
 * Re-hashes stored records of every leaf kind against their evidence leaves. A record changed
 * behind the application's back (an UPDATE in SQL with the append-only trigger disabled, a
 * restored backup) no longer matches, and a deleted one is missing: the finding is stored
 * (append-only) and announced as a red alert.
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

  /** One full pass over the leaves, in batches by leaf id; returns the new findings. */
  async scan(): Promise<TamperFinding[]> {
    const findings: TamperFinding[] = [];
    const unchecked = new Map<string, number>();
    for (let after = '0'; ; ) {
      const leaves: LeafRow[] = await this.dataSource.query(
        `SELECT id, record_kind, record_id, firm_id, content_hash FROM evidence_leaves WHERE id > $1 ORDER BY id LIMIT $2`,
        [after, BATCH],
      );
      findings.push(...(await this.check(leaves, unchecked)));
      if (leaves.length < BATCH) break;
      after = leaves[leaves.length - 1].id;
    }
    if (unchecked.size) this.logger.warn(`tamper scan: no rehasher for ${[...unchecked].map(([kind, n]) => `${n} ${kind}`).join(', ')} leaves; not checked`);
    const fresh = await this.recordNew(findings);
    for (const finding of fresh) {
      this.found.inc();
      this.logger.error(`evidence tampered: ${finding.recordKind} ${finding.recordId} hashes to ${finding.actualHash || '(row missing)'}, its leaf says ${finding.expectedHash}`);
      this.events.emit('tampered', finding);
    }
    return fresh;
  }

  /** Rebuilds each leaf's record from its row, kind by kind, and compares the hashes. */
  private async check(leaves: LeafRow[], unchecked: Map<string, number>): Promise<TamperFinding[]> {
    const byKind = new Map<string, LeafRow[]>();
    for (const leaf of leaves) {
      const group = byKind.get(leaf.record_kind);
      if (group) group.push(leaf);
      else byKind.set(leaf.record_kind, [leaf]);
    }
    const findings: TamperFinding[] = [];
    for (const [kind, ofKind] of byKind) {
      const rehash = rehasherOf(kind);
      if (!rehash) {
        unchecked.set(kind, (unchecked.get(kind) ?? 0) + ofKind.length);
        continue;
      }
      const actual = await rehash(this.dataSource.manager, [...new Set(ofKind.map((l) => l.record_id))]);
      for (const leaf of ofKind) {
        const hash = actual.get(leaf.record_id);
        if (hash?.equals(leaf.content_hash)) continue;
        findings.push({
          leafId: leaf.id,
          recordKind: kind,
          recordId: leaf.record_id,
          firmId: leaf.firm_id,
          expectedHash: leaf.content_hash.toString('hex'),
          actualHash: hash?.toString('hex') ?? '',
        });
      }
    }
    return findings;
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
