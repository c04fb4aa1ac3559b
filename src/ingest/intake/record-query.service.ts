import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFound } from '../../platform/errors/domain-error';
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
    const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await this.dataSource.query(`${SELECT} WHERE r.id = $1 AND r.firm_id = $2`, [id, firmId]) : [];
    // Another firm's record answers exactly like a missing one: its existence is not disclosed.
    if (!row) throw new NotFound(`no record ${id} of this firm`);
    return row;
  }

  /** Newest first; keyset pagination on (received_at, id). */
  async list(firmId: string, options: { kind?: RecordKind; limit: number; cursor?: string }): Promise<Page<StoredRecord>> {
    const params: unknown[] = [firmId, options.limit + 1];
    let where = 'WHERE r.firm_id = $1';
    if (options.kind) where += ` AND r.kind = $${params.push(options.kind)}`;
    if (options.cursor) {
      const [at, id] = Buffer.from(options.cursor, 'base64url').toString().split('|');
      where += ` AND (r.received_at, r.id) < ($${params.push(at)}::timestamptz, $${params.push(id)}::uuid)`;
    }
    const rows: StoredRecord[] = await this.dataSource.query(`${SELECT} ${where} ORDER BY r.received_at DESC, r.id DESC LIMIT $2`, params);
    const items = rows.slice(0, options.limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > options.limit && last ? Buffer.from(`${new Date(last.receivedAt).toISOString()}|${last.id}`).toString('base64url') : null;
    return { items, nextCursor };
  }

  /**
   * The newest current (not superseded) records of each kind, `perKind` at most, newest `asOf`
   * first: a firm's profile shows its latest reports, key persons and feed events.
   */
  async latestOfKinds(firmId: string, kinds: readonly RecordKind[], perKind: number): Promise<StoredRecord[]> {
    if (kinds.length === 0) return [];
    return this.dataSource.query(
      `SELECT * FROM (
         SELECT q.*, row_number() OVER (PARTITION BY q.kind ORDER BY q."asOf" DESC, q."receivedAt" DESC) AS rank
           FROM (${SELECT} WHERE r.firm_id = $1 AND r.kind = ANY($2)) q
          WHERE NOT q.superseded) ranked
        WHERE ranked.rank <= $3
        ORDER BY ranked.kind, ranked.rank`,
      [firmId, kinds, perKind],
    ).then((rows: Array<StoredRecord & { rank?: unknown }>) => rows.map(({ rank: _rank, ...record }) => record));
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
