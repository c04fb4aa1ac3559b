import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { recordContentHash } from '../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../evidence-chain/canonical/sha256-node';
import { appendLeaves } from '../evidence-chain/log/evidence-appender';
import { NotFound, Conflict } from '../platform/errors/domain-error';
import { validateManualScore } from './grading/manual-score';
import { SCORING_EVIDENCE_KINDS } from './persistence/assessment-records';
import { ScoringService, todayInChina } from './scoring.service';

/** A manual_scores row as a plain record (stored, hashed into its evidence leaf, served). */
export interface ManualScoreRecord {
  id: string;
  firmId: string;
  mode: 'adjust' | 'set';
  value: string;
  reason: string;
  authorStaffId: string;
  authorName: string;
  validFrom: string;
  validTo: string | null;
  revokes: string | null;
  createdAt: string;
}

export interface NewManualScore {
  mode: 'adjust' | 'set';
  value: number;
  reason: string;
  validFrom?: string;
  validTo?: string;
}

export interface ManualScoreAuthor {
  id: string;
  displayName: string;
}

const COLUMNS = `id, firm_id AS "firmId", mode, value, reason, author_staff_id AS "authorStaffId", author_name AS "authorName",
  to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo", revokes, created_at AS "createdAt"`;

/**
 * 人工评分: analysts add or revoke manual scores (append-only, each an evidence leaf); the firm is
 * re-scored at once so its composite, band and ranking reflect the change.
 */
@Injectable()
export class ManualScoresService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scoring: ScoringService,
  ) {}

  async add(firmId: string, author: ManualScoreAuthor, input: NewManualScore): Promise<ManualScoreRecord> {
    const validFrom = input.validFrom ?? todayInChina();
    validateManualScore({
      id: 'new',
      mode: input.mode,
      value: input.value,
      reason: input.reason,
      author: author.id,
      validFrom,
      validTo: input.validTo,
    });
    const record: ManualScoreRecord = {
      id: randomUUID(),
      firmId,
      mode: input.mode,
      value: input.value.toFixed(1),
      reason: input.reason.trim(),
      authorStaffId: author.id,
      authorName: author.displayName,
      validFrom,
      validTo: input.validTo ?? null,
      revokes: null,
      createdAt: new Date().toISOString(),
    };
    await this.dataSource.transaction((m) => insert(m, record));
    await this.scoring.rescore([firmId], 'manual_score');
    return record;
  }

  /** Withdraws a manual score: a new row naming it, with the reason; the old row stays. */
  async revoke(firmId: string, id: string, author: ManualScoreAuthor, reason: string): Promise<ManualScoreRecord> {
    const record = await this.dataSource.transaction(async (m) => {
      const [target] = (await m.query(
        `SELECT ${COLUMNS}, EXISTS (SELECT 1 FROM manual_scores r WHERE r.revokes = s.id) AS revoked FROM manual_scores s WHERE s.id = $1 AND s.firm_id = $2 FOR SHARE`,
        [/^[0-9a-f-]{36}$/i.test(id) ? id : '00000000-0000-0000-0000-000000000000', firmId],
      )) as Array<ManualScoreRecord & { revoked: boolean }>;
      if (!target || target.revokes) throw new NotFound(`no manual score ${id} of this firm`);
      if (target.revoked) throw new Conflict(`manual score ${id} is already revoked`);
      const revocation: ManualScoreRecord = {
        ...target,
        id: randomUUID(),
        value: target.value,
        reason: reason.trim(),
        authorStaffId: author.id,
        authorName: author.displayName,
        revokes: target.id,
        createdAt: new Date().toISOString(),
      };
      delete (revocation as Partial<ManualScoreRecord & { revoked: boolean }>).revoked;
      await insert(m, revocation);
      return revocation;
    });
    await this.scoring.rescore([firmId], 'manual_score');
    return record;
  }

  /** Every manual score of the firm, newest first, with whether (and by which row) it was revoked. */
  async list(firmId: string): Promise<Array<ManualScoreRecord & { revokedBy: string | null }>> {
    const rows: Array<ManualScoreRecord & { createdAt: Date | string; revokedBy: string | null }> =
      await this.dataSource.query(
        `SELECT ${COLUMNS}, (SELECT r.id FROM manual_scores r WHERE r.revokes = s.id LIMIT 1) AS "revokedBy" FROM manual_scores s WHERE s.firm_id = $1 ORDER BY s.created_at DESC, s.id`,
        [firmId],
      );
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  }
}

async function insert(m: EntityManager, r: ManualScoreRecord): Promise<void> {
  await m.query(
    `INSERT INTO manual_scores (id, firm_id, mode, value, reason, author_staff_id, author_name, valid_from, valid_to, revokes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      r.id,
      r.firmId,
      r.mode,
      r.value,
      r.reason,
      r.authorStaffId,
      r.authorName,
      r.validFrom,
      r.validTo,
      r.revokes,
      r.createdAt,
    ],
  );
  await appendLeaves(m, [
    {
      kind: SCORING_EVIDENCE_KINDS.manualScore,
      recordId: r.id,
      contentHash: recordContentHash(r, nodeSha256),
      firmId: r.firmId,
    },
  ]);
}
