import type { EntityManager } from 'typeorm';
import { recordContentHash } from '../../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { appendLeaves } from '../../evidence-chain/log/evidence-appender';
import type { IsoDate } from '../../ingest/schemas/records';
import type { FindingCode } from '../features/firm-history';
import { SCORING_EVIDENCE_KINDS } from './assessment-records';

/** A supervision_findings row as a plain record (stored, hashed into its evidence leaf, served). */
export interface FindingRecord {
  id: string;
  firmId: string;
  code: FindingCode;
  /** 查实日期, or on a closing row the day the finding stopped counting. */
  effectiveOn: IsoDate;
  source: string;
  note: string;
  /** Set on a closing row: the finding it closes. */
  closes: string | null;
  authorStaffId: string;
  authorName: string;
  createdAt: string;
}

/** The columns of a supervision_findings row as a FindingRecord (createdAt still a Date). */
export const FINDING_COLUMNS = `id, firm_id AS "firmId", code, to_char(effective_on, 'YYYY-MM-DD') AS "effectiveOn", source, note, closes,
  author_staff_id AS "authorStaffId", author_name AS "authorName", created_at AS "createdAt"`;

/** Inserts the row and its evidence leaf in the caller's transaction. */
export async function insertFinding(m: EntityManager, r: FindingRecord): Promise<void> {
  await m.query(
    `INSERT INTO supervision_findings (id, firm_id, code, effective_on, source, note, closes, author_staff_id, author_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [r.id, r.firmId, r.code, r.effectiveOn, r.source, r.note, r.closes, r.authorStaffId, r.authorName, r.createdAt],
  );
  await appendLeaves(m, [
    {
      kind: SCORING_EVIDENCE_KINDS.finding,
      recordId: r.id,
      contentHash: recordContentHash(r, nodeSha256),
      firmId: r.firmId,
    },
  ]);
}
