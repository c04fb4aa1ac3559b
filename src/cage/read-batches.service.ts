import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { appendLeaves } from '../evidence-chain/log/evidence-appender';
import { CageClock } from './cage-clock';
import { traceRowHash } from './persistence/power-trace-records';
import { addToReadRollups } from './persistence/read-hours';
import { accessLogDigest, READ_BATCH_COLUMNS } from './persistence/read-batch-records';

const MAX_ROWS = 10_000;
// Rows younger than this are left for the next batch: an insert that took a lower id may still be committing.
const SETTLE_MS = 5_000;

/** 处处留痕 for reads: seals the access log written since the last batch into one evidence leaf. */
@Injectable()
export class ReadBatchesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: CageClock,
  ) {}

  /** Seals the settled rows after the last batch; returns how many rows were sealed. */
  async seal(now: Date = this.clock.now()): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('cage_read_batches')) AS locked`);
      if (!locked) return 0;
      const [range]: Array<{ from: string | null; to: string | null }> = await m.query(
        `SELECT min(id)::text AS "from", max(id)::text AS "to" FROM (
           SELECT id FROM staff_access_log
            WHERE id > (SELECT coalesce(max(to_log_id), 0) FROM read_batches) AND at < $1
            ORDER BY id LIMIT ${MAX_ROWS}) r`,
        [new Date(now.getTime() - SETTLE_MS)],
      );
      if (!range.from || !range.to) return 0;
      const { digest, rows } = await accessLogDigest(m, range.from, range.to);
      const [row]: Array<Record<string, unknown> & { id: string }> = await m.query(
        `INSERT INTO read_batches (id, from_log_id, to_log_id, rows, digest, sealed_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${READ_BATCH_COLUMNS}`,
        [randomUUID(), range.from, range.to, rows, digest, now],
      );
      await addToReadRollups(m, range.from, range.to);
      await appendLeaves(m, [{ kind: 'read_batch', recordId: row.id, contentHash: traceRowHash(row), firmId: null }]);
      return rows;
    });
  }
}
