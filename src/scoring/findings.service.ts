import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Conflict, NotFound, ValidationFailed } from '../platform/errors/domain-error';
import type { IsoDate } from '../ingest/schemas/records';
import { FINDING_LABELS, type FindingCode } from './features/firm-history';
import type { ManualScoreAuthor } from './manual-scores.service';
import { FINDING_COLUMNS, insertFinding, type FindingRecord } from './persistence/finding-records';
import { ScoringService, todayInChina } from './scoring.service';
import { isUuid } from '../platform/uuid';

export interface NewFinding {
  code: FindingCode;
  confirmedOn?: IsoDate;
  source: string;
  note: string;
}

export interface FindingClosure {
  closedOn?: IsoDate;
  reason: string;
}

/** A finding as served: its label, and how (and whether) it was closed. */
export interface FindingView extends FindingRecord {
  label: string;
  closedBy: { id: string; closedOn: IsoDate; reason: string; authorName: string } | null;
}

/**
 * 查实事项: officials record what an inspection confirmed, and close it when it is rectified or
 * overturned. Rows are append-only evidence; the firm is re-scored at once, so a confirmed
 * prohibited activity reaches its 一票否决 tier and alert without waiting for the next run.
 */
@Injectable()
export class FindingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scoring: ScoringService,
  ) {}

  async confirm(firmId: string, author: ManualScoreAuthor, input: NewFinding): Promise<FindingRecord> {
    const today = todayInChina();
    const confirmedOn = input.confirmedOn ?? today;
    if (!(input.code in FINDING_LABELS))
      throw new ValidationFailed('the finding is invalid', [
        { pointer: '/code', detail: `is not a known finding code (${Object.keys(FINDING_LABELS).join(', ')})` },
      ]);
    if (confirmedOn > today)
      throw new ValidationFailed('the finding is invalid', [
        { pointer: '/confirmedOn', detail: `is after today (${today}); a finding is recorded once confirmed` },
      ]);
    const record = this.row(firmId, author, {
      code: input.code,
      effectiveOn: confirmedOn,
      source: input.source.trim(),
      note: input.note.trim(),
      closes: null,
    });
    await this.dataSource.transaction((m) => insertFinding(m, record));
    await this.scoring.rescore([firmId], 'finding');
    return record;
  }

  /** Closes a finding (整改完成 or overturned): a new row naming it; the finding itself stays. */
  async close(
    firmId: string,
    findingId: string,
    author: ManualScoreAuthor,
    input: FindingClosure,
  ): Promise<FindingRecord> {
    const today = todayInChina();
    const closedOn = input.closedOn ?? today;
    const record = await this.dataSource.transaction(async (m) => {
      const [target] = (await m.query(
        `SELECT ${FINDING_COLUMNS}, EXISTS (SELECT 1 FROM supervision_findings c WHERE c.closes = f.id) AS closed FROM supervision_findings f WHERE f.id = $1 AND f.firm_id = $2 FOR SHARE`,
        [isUuid(findingId) ? findingId : '00000000-0000-0000-0000-000000000000', firmId],
      )) as Array<FindingRecord & { closed: boolean }>;
      if (!target || target.closes) throw new NotFound(`no finding ${findingId} of this firm`);
      if (target.closed) throw new Conflict(`finding ${findingId} is already closed`);
      if (closedOn < target.effectiveOn || closedOn > today) {
        throw new ValidationFailed('the closure is invalid', [
          {
            pointer: '/closedOn',
            detail: `must be between the day the finding was confirmed (${target.effectiveOn}) and today (${today})`,
          },
        ]);
      }
      const closing = this.row(firmId, author, {
        code: target.code,
        effectiveOn: closedOn,
        source: target.source,
        note: input.reason.trim(),
        closes: target.id,
      });
      await insertFinding(m, closing);
      return closing;
    });
    await this.scoring.rescore([firmId], 'finding');
    return record;
  }

  /** Every finding of the firm, newest first, with its closure if any. */
  async list(firmId: string): Promise<FindingView[]> {
    const rows = await this.rows(`firm_id = $1`, [firmId]);
    const closures = new Map(rows.filter((r) => r.closes).map((r) => [r.closes!, r]));
    return rows
      .filter((r) => !r.closes)
      .map((r) => {
        const c = closures.get(r.id);
        return {
          ...r,
          label: FINDING_LABELS[r.code],
          closedBy: c ? { id: c.id, closedOn: c.effectiveOn, reason: c.note, authorName: c.authorName } : null,
        };
      });
  }

  private async rows(where: string, params: unknown[]): Promise<FindingRecord[]> {
    const rows: Array<FindingRecord & { createdAt: Date | string }> = await this.dataSource.query(
      `SELECT ${FINDING_COLUMNS} FROM supervision_findings WHERE ${where} ORDER BY created_at DESC, id`,
      params,
    );
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  }

  private row(
    firmId: string,
    author: ManualScoreAuthor,
    fields: Pick<FindingRecord, 'code' | 'effectiveOn' | 'source' | 'note' | 'closes'>,
  ): FindingRecord {
    return {
      id: randomUUID(),
      firmId,
      ...fields,
      authorStaffId: author.id,
      authorName: author.displayName,
      createdAt: new Date().toISOString(),
    };
  }
}
