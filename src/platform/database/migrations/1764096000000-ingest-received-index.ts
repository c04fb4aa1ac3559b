import { MigrationInterface, QueryRunner } from 'typeorm';

// The scoring poller asks every second for the records received since its watermark
// (received_at >= $1 ORDER BY received_at, id). Without an index that was a sequential scan of
// every record ever received: 123 ms on 300,000 records, on three processes, each second.
// A plain CREATE INDEX blocks intake writes while it builds (seconds per million records).
export class IngestReceivedIndex1764096000000 implements MigrationInterface {
  name = 'IngestReceivedIndex1764096000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ingest_records_received_idx" ON "ingest_records" ("received_at", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ingest_records_received_idx"`);
  }
}
