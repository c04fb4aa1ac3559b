import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFound, ValidationFailed } from '../../platform/errors/domain-error';
import { RecordKind } from '../schemas/records';

export interface StoredRecord {
  id: string;
  kind: RecordKind;
  firmId: string;
  submissionId: string;
  businessKey: string;
  version: number;
  /** True when a later version of the same business key exists. */
  superseded: boolean;
  asOf: string;
  receivedAt: string;
  contentHash: string;
  payload: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

const SELECT = `
  SELECT r.id, r.kind, r.firm_id AS "firmId", r.submission_id AS "submissionId", r.business_key AS "businessKey",
         r.version, to_char(r.as_of, 'YYYY-MM-DD') AS "asOf", r.received_at AS "receivedAt",
         encode(r.content_hash, 'hex') AS "contentHash", r.payload,
         EXISTS (SELECT 1 FROM ingest_records n WHERE n.kind = r.kind AND n.firm_id = r.firm_id
                  AND n.business_key = r.business_key AND n.version > r.version) AS superseded
    FROM ingest_records r`;

/** Reads stored records; every read is scoped to one firm (a firm never sees another's). */
@Injectable()
export class RecordQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async one(firmId: string, id: string): Promise<StoredRecord> {
    const [row] = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.dataSource.query(`${SELECT} WHERE r.id = $1 AND r.firm_id = $2`, [id, firmId])
      : [];
    // Another firm's record answers exactly like a missing one: its existence is not disclosed.
    if (!row) throw new NotFound(`no record ${id} of this firm`);
    return row;
  }

  /** Newest first; keyset pagination on (received_at, id). Without `payloads`, payload is {} (exports list no payloads). */
  async list(
    firmId: string,
    options: { kind?: RecordKind; limit: number; cursor?: string; payloads?: boolean },
  ): Promise<Page<StoredRecord>> {
    const params: unknown[] = [firmId, options.limit + 1];
    let where = 'WHERE r.firm_id = $1';
    if (options.kind) where += ` AND r.kind = $${params.push(options.kind)}`;
    if (options.cursor) {
      const { at, id } = decodeRecordCursor(options.cursor);
      where += ` AND (r.received_at, r.id) < ($${params.push(at)}::timestamptz, $${params.push(id)}::uuid)`;
    }
    // The cursor keeps received_at to the microsecond: a batch stored in one transaction shares it.
    const cursorAt = `to_char(r.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt",`;
    const payload = options.payloads === false ? `'{}'::jsonb AS payload,` : 'r.payload,';
    const select = SELECT.replace('r.payload,', `${payload} ${cursorAt}`);
    const rows: Array<StoredRecord & { cursorAt?: string }> = await this.dataSource.query(
      `${select} ${where} ORDER BY r.received_at DESC, r.id DESC LIMIT $2`,
      params,
    );
    const items = rows.slice(0, options.limit).map(({ cursorAt: _at, ...record }) => record);
    const last = rows[options.limit - 1];
    const nextCursor =
      rows.length > options.limit && last ? Buffer.from(`${last.cursorAt}|${last.id}`).toString('base64url') : null;
    return { items, nextCursor };
  }

  /**
   * The newest current (not superseded) records of each kind, `perKind` at most, newest `asOf`
   * first: a firm's profile shows its latest reports, key persons and feed events.
   */
  async latestOfKinds(firmId: string, kinds: readonly RecordKind[], perKind: number): Promise<StoredRecord[]> {
    if (kinds.length === 0) return [];
    return this.dataSource
      .query(
        `SELECT * FROM (
         SELECT q.*, row_number() OVER (PARTITION BY q.kind ORDER BY q."asOf" DESC, q."receivedAt" DESC) AS rank
           FROM (${SELECT} WHERE r.firm_id = $1 AND r.kind = ANY($2)) q
          WHERE NOT q.superseded) ranked
        WHERE ranked.rank <= $3
        ORDER BY ranked.kind, ranked.rank`,
        [firmId, kinds, perKind],
      )
      .then((rows: Array<StoredRecord & { rank?: unknown }>) => rows.map(({ rank: _rank, ...record }) => record));
  }

  /** How many records a firm has, of one kind or all. */
  async count(firmId: string, kind?: RecordKind): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM ingest_records WHERE firm_id = $1 AND ($2::text IS NULL OR kind = $2)`,
      [firmId, kind ?? null],
    );
    return row.n;
  }

  /** How many records of each kind a firm has (every version counted). */
  async countsByKind(firmId: string): Promise<Partial<Record<RecordKind, number>>> {
    const rows: Array<{ kind: RecordKind; n: number }> = await this.dataSource.query(
      `SELECT kind, count(*)::int AS n FROM ingest_records WHERE firm_id = $1 GROUP BY kind ORDER BY kind`,
      [firmId],
    );
    return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  }
}

const CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3,6}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** A cursor this service issued (received_at|id), or a 422 naming the parameter. */
function decodeRecordCursor(cursor: string): { at: string; id: string } {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match || Number.isNaN(Date.parse(match[1])))
    throw new ValidationFailed('the cursor is not one this API issued', [
      { pointer: '/query/cursor', detail: 'pass nextCursor of the previous page unchanged' },
    ]);
  return { at: match[1], id: match[2] };
}
