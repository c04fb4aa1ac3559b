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
}
