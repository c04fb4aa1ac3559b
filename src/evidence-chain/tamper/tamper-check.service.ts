import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { MetricsService } from '../../platform/metrics/metrics.service';
import { PeriodicTask } from '../../platform/periodic-task';
import { ed25519 } from '@noble/curves/ed25519';
import { CheckpointStore } from '../anchor/checkpoint-store';
import { fromHex, toHex } from '../canonical/byte-encoding';
import type { SignedCheckpoint } from '../checkpoint/checkpoint';
import { REGULATOR_KEY } from '../evidence.tokens';
import { auditLogAgainstCheckpoint } from './log-audit';
import { EvidenceKindRegistry } from '../kinds/evidence-kind-registry';

/** What no longer holds: a record against its leaf, a leaf against its log entry, the log against the signed root. */
export type TamperScope = 'record' | 'leaf' | 'log';

export interface TamperFinding {
  scope: TamperScope;
  /** null for the 'log' scope (the whole log, not one leaf). */
  leafId: string | null;
  recordKind: string;
  recordId: string;
  firmId: string | null;
  expectedHash: string;
  /**
   * The hash now: of the stored row ('record'; empty when the row is gone), of the leaf recomputed
   * from its content hash ('leaf'), of the log's root ('log'; empty when the log or checkpoint is broken).
   */
  actualHash: string;
}

interface LeafRow {
  id: string;
  record_kind: string;
  record_id: string;
  firm_id: string | null;
  content_hash: Buffer;
  /** Its Merkle log entry when that no longer is sha256(0x00 || content_hash) (else null), and what it would be now. */
  logged_unlike: Buffer | null;
  leaf_hash_now: Buffer;
}

/** Leaves per batch: the scan walks evidence_leaves by id and never holds more than this at once. */
const BATCH = 2000;

/**
 * Re-hashes stored records of every leaf kind against their evidence leaves. A record changed
 * behind the application's back (an UPDATE in SQL with the append-only trigger disabled, a
 * restored backup) no longer matches, and a deleted one is missing. Each pass also checks every
 * leaf against its Merkle log entry and the log against the latest signed checkpoint, so changing
 * a row together with its leaf (and its log entry) is found too. Findings are stored (append-only)
 * and announced as red alerts.
 */
@Injectable()
export class TamperCheckService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TamperCheckService.name);
  /** Emits 'tampered' with a TamperFinding; the alerts module listens. */
  readonly events = new EventEmitter();
  private readonly task: PeriodicTask;
  private readonly found;

  private readonly regulatorPublicKey: Uint8Array;

  constructor(
    private readonly dataSource: DataSource,
    private readonly checkpoints: CheckpointStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REGULATOR_KEY) regulatorKey: Uint8Array,
    metrics: MetricsService,
    private readonly kinds: EvidenceKindRegistry,
  ) {
    this.regulatorPublicKey = ed25519.getPublicKey(regulatorKey);
    this.found = metrics.counter(
      'evidence_tamper_findings_total',
      'Stored records that no longer match their evidence leaf',
    );
    this.task = new PeriodicTask(
      {
        name: 'evidence_tamper_scan',
        intervalMs: config.evidence.tamperCheckIntervalMs,
        run: () => this.scan(),
        logger: this.logger,
      },
      metrics,
    );
  }

  onApplicationBootstrap(): void {
    // The scan runs beside the anchor leader; other roles only list findings.
    if (this.config.role === 'anchor' || this.config.role === 'all') this.task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** One full pass: the log against the latest checkpoint, then the leaves in batches by leaf id; returns the new findings. */
  async scan(): Promise<TamperFinding[]> {
    const findings: TamperFinding[] = [];
    const unchecked = new Map<string, number>();
    const latest = await this.latestCheckpoint();
    const broken = latest ? await auditLogAgainstCheckpoint(this.dataSource.manager, latest.signed, latest.key) : null;
    if (broken) {
      this.logger.error(`evidence log tampered: ${broken.detail}`);
      findings.push({
        scope: 'log',
        leafId: null,
        recordKind: 'evidence_log',
        recordId: `tree_size:${broken.treeSize}`,
        firmId: null,
        expectedHash: broken.expected,
        actualHash: broken.actual,
      });
    }
    for (let after = '0'; ;) {
      // Each leaf with its log entry if that no longer matches it (the entry of a leaf not yet sequenced is absent).
      const leaves: LeafRow[] = await this.dataSource.query(
        `SELECT l.id, l.record_kind, l.record_id, l.firm_id, l.content_hash, fresh.hash AS leaf_hash_now,
                CASE WHEN g.leaf_hash <> fresh.hash THEN g.leaf_hash END AS logged_unlike
           FROM evidence_leaves l
           CROSS JOIN LATERAL (SELECT sha256('\\x00'::bytea || l.content_hash) AS hash) fresh
           LEFT JOIN evidence_log g ON g.leaf_id = l.id
          WHERE l.id > $1 ORDER BY l.id LIMIT $2`,
        [after, BATCH],
      );
      findings.push(...(await this.check(leaves, unchecked)));
      if (leaves.length < BATCH) break;
      after = leaves[leaves.length - 1].id;
    }
    if (unchecked.size)
      this.logger.warn(
        `tamper scan: no rehasher for ${[...unchecked].map(([kind, n]) => `${n} ${kind}`).join(', ')} leaves; not checked`,
      );
    const fresh = await this.recordNew(findings);
    for (const finding of fresh) {
      this.found.inc();
      const against =
        finding.scope === 'record'
          ? 'its leaf'
          : finding.scope === 'leaf'
            ? 'its Merkle log entry'
            : 'the signed checkpoint';
      this.logger.error(
        `evidence tampered (${finding.scope}): ${finding.recordKind} ${finding.recordId} hashes to ${finding.actualHash || '(missing)'}, ${against} says ${finding.expectedHash}`,
      );
      this.events.emit('tampered', finding);
    }
    return fresh;
  }

  /**
   * The newest checkpoint signed by the current regulator key, and that key. Right after a key
   * rotation none may be yet: then the newest one, checked under the key it names (the anchor
   * leader signs a new one with the current key as soon as leaves arrive).
   */
  private async latestCheckpoint(): Promise<{ signed: SignedCheckpoint; key: Uint8Array } | null> {
    const recent = await this.checkpoints.list(20);
    if (!recent.length) return null;
    const current = toHex(this.regulatorPublicKey);
    const mine = recent.find((c) => c.signed.publicKey.toLowerCase() === current);
    if (mine) return { signed: mine.signed, key: this.regulatorPublicKey };
    this.logger.warn(
      `no recent checkpoint is signed by the current regulator key; auditing the log against checkpoint ${recent[0].signed.checkpoint.treeSize} under the key it names`,
    );
    return { signed: recent[0].signed, key: fromHex(recent[0].signed.publicKey) };
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
      const rehash = this.kinds.rehasherOf(kind);
      if (!rehash) {
        unchecked.set(kind, (unchecked.get(kind) ?? 0) + ofKind.length);
        continue;
      }
      const actual = await rehash(this.dataSource.manager, [...new Set(ofKind.map((l) => l.record_id))]);
      for (const leaf of ofKind) {
        const hash = actual.get(leaf.record_id);
        if (hash?.equals(leaf.content_hash)) continue;
        findings.push({
          scope: 'record',
          leafId: leaf.id,
          recordKind: kind,
          recordId: leaf.record_id,
          firmId: leaf.firm_id,
          expectedHash: leaf.content_hash.toString('hex'),
          actualHash: hash?.toString('hex') ?? '',
        });
      }
    }
    for (const leaf of leaves) {
      if (!leaf.logged_unlike) continue;
      findings.push({
        scope: 'leaf',
        leafId: String(leaf.id),
        recordKind: leaf.record_kind,
        recordId: leaf.record_id,
        firmId: leaf.firm_id,
        expectedHash: leaf.logged_unlike.toString('hex'),
        actualHash: leaf.leaf_hash_now.toString('hex'),
      });
    }
    return findings;
  }

  /** Stores findings not already on record (same scope, leaf or log size, same wrong hash), returning those. */
  private async recordNew(findings: TamperFinding[]): Promise<TamperFinding[]> {
    const fresh: TamperFinding[] = [];
    for (const f of findings) {
      const inserted = await this.dataSource.query(
        `INSERT INTO evidence_tamper_findings (scope, leaf_id, record_kind, record_id, expected_hash, actual_hash)
         SELECT $1, $2::bigint, $3, $4, $5, $6
          WHERE NOT EXISTS (SELECT 1 FROM evidence_tamper_findings
                             WHERE scope = $1 AND leaf_id IS NOT DISTINCT FROM $2::bigint AND record_id = $4 AND actual_hash = $6)
         RETURNING id`,
        [
          f.scope,
          f.leafId,
          f.recordKind,
          f.recordId,
          Buffer.from(f.expectedHash, 'hex'),
          Buffer.from(f.actualHash, 'hex'),
        ],
      );
      if (inserted.length) fresh.push(f);
    }
    return fresh;
  }

  async list(limit = 100): Promise<Array<TamperFinding & { foundAt: string }>> {
    return this.dataSource.query(
      `SELECT f.scope, f.leaf_id AS "leafId", f.record_kind AS "recordKind", f.record_id AS "recordId", l.firm_id AS "firmId",
              encode(f.expected_hash, 'hex') AS "expectedHash", encode(f.actual_hash, 'hex') AS "actualHash", f.found_at AS "foundAt"
         FROM evidence_tamper_findings f LEFT JOIN evidence_leaves l ON l.id = f.leaf_id
        ORDER BY f.id DESC LIMIT $1`,
      [limit],
    );
  }
}
