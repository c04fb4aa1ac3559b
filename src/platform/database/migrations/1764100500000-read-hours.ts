import { MigrationInterface, QueryRunner } from 'typeorm';

// 云在算 without re-reading the access log: allowed reads of a firm's data per official, region and
// clock hour (hours since the epoch, UTC), and per Beijing day (days since the epoch in UTC+8) the
// reads, those after hours and the busiest hour. Both are added to when a read batch is sealed
// (ReadBatchesService), in the same transaction; the indicators read the days, the hours at a
// period's edges, and the few rows not sealed yet. Derived tables, not evidence: the read batches
// and the access log remain what is proved.
export class ReadHours1764100500000 implements MigrationInterface {
  name = 'ReadHours1764100500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "staff_read_hours" (
        "staff_id" text NOT NULL,
        "region_code" character(6) NOT NULL,
        "hour" bigint NOT NULL,
        "reads" integer NOT NULL,
        CONSTRAINT "staff_read_hours_pkey" PRIMARY KEY ("hour", "staff_id", "region_code")
      )`);
    await q.query(`
      CREATE TABLE "staff_read_days" (
        "staff_id" text NOT NULL,
        "region_code" character(6) NOT NULL,
        "day" integer NOT NULL,
        "reads" integer NOT NULL,
        "after_hours" integer NOT NULL,
        "max_per_hour" integer NOT NULL,
        CONSTRAINT "staff_read_days_pkey" PRIMARY KEY ("day", "staff_id", "region_code")
      )`);
    // Reads already sealed before these tables existed (the same statement as ReadBatchesService's, inlined: migrations never change).
    await q.query(`
      WITH batch AS (
        SELECT staff_id, region_code, floor(extract(epoch FROM at) / 3600)::bigint AS hour, count(*)::int AS n
          FROM staff_access_log
         WHERE id <= (SELECT coalesce(max(to_log_id), 0) FROM read_batches)
           AND outcome = 'allowed' AND firm_id IS NOT NULL AND staff_id IS NOT NULL AND region_code IS NOT NULL
         GROUP BY 1, 2, 3),
      hours AS (INSERT INTO staff_read_hours (staff_id, region_code, hour, reads) SELECT * FROM batch RETURNING *)
      INSERT INTO staff_read_days (staff_id, region_code, day, reads, after_hours, max_per_hour)
      SELECT staff_id, region_code, (hour + 8) / 24, sum(reads),
             coalesce(sum(reads) FILTER (WHERE (hour + 8) % 24 NOT BETWEEN 8 AND 19 OR ((hour + 8) / 24 + 4) % 7 IN (0, 6)), 0), max(reads)
        FROM hours GROUP BY 1, 2, 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "staff_read_days"`);
    await q.query(`DROP TABLE "staff_read_hours"`);
  }
}
