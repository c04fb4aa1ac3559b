import type { EntityManager } from 'typeorm';

// What counts as a read of supervised data for the indicators: an allowed look at one firm's data by
// a signed-in official (dashboard reads imported from pgaudit carry no staff id and are not counted).
const COUNTED = `outcome = 'allowed' AND firm_id IS NOT NULL AND staff_id IS NOT NULL AND region_code IS NOT NULL`;

/** Whether hour `h` (hours since the epoch, UTC) is outside 08:00-20:00 Beijing time or on a weekend there (1970-01-01 was a Thursday). */
export function afterHoursSql(h: string): string {
  return `((${h} + 8) % 24 NOT BETWEEN 8 AND 19 OR ((${h} + 8) / 24 + 4) % 7 IN (0, 6))`;
}

/** Adds the access-log rows [fromLogId, toLogId] (one read batch, being sealed) to the hourly and daily rollups. */
export async function addToReadRollups(db: EntityManager, fromLogId: string, toLogId: string): Promise<void> {
  await db.query(
    `WITH batch AS (
       SELECT staff_id, region_code, floor(extract(epoch FROM at) / 3600)::bigint AS hour, count(*)::int AS n
         FROM staff_access_log WHERE id BETWEEN $1 AND $2 AND ${COUNTED}
        GROUP BY 1, 2, 3),
     hours AS (
       INSERT INTO staff_read_hours AS h (staff_id, region_code, hour, reads) SELECT * FROM batch
       ON CONFLICT (hour, staff_id, region_code) DO UPDATE SET reads = h.reads + EXCLUDED.reads
       RETURNING h.staff_id, h.region_code, h.hour, h.reads)
     INSERT INTO staff_read_days AS d (staff_id, region_code, day, reads, after_hours, max_per_hour)
     SELECT b.staff_id, b.region_code, (b.hour + 8) / 24, sum(b.n), coalesce(sum(b.n) FILTER (WHERE ${afterHoursSql('b.hour')}), 0), max(h.reads)
       FROM batch b JOIN hours h USING (staff_id, region_code, hour) GROUP BY 1, 2, 3
     ON CONFLICT (day, staff_id, region_code) DO UPDATE
        SET reads = d.reads + EXCLUDED.reads, after_hours = d.after_hours + EXCLUDED.after_hours, max_per_hour = greatest(d.max_per_hour, EXCLUDED.max_per_hour)`,
    [fromLogId, toLogId],
  );
}

/**
 * Per official, reads after hours and the busiest clock hour in [$1, $2) for regions LIKE $3
 * (columns "staffId", "afterHours", "maxPerHour"): whole Beijing days from the daily rollup, the
 * hours at the period's edges from the hourly one (a period starting or ending inside an hour counts
 * that hour whole), and the rows after the last read batch from the access log itself; an hour with
 * such rows takes its sealed count from the hourly rollup for the busiest hour.
 */
export const READ_INDICATORS_SQL = `
  WITH b AS (SELECT floor(extract(epoch FROM $1::timestamptz) / 3600)::bigint AS h0, ceil(extract(epoch FROM $2::timestamptz) / 3600)::bigint AS h1),
  -- [d0, d1): the whole Beijing days inside (none: d1 = d0); a day d starts at UTC hour d * 24 - 8.
  d AS (SELECT h0, h1, ((h0 + 8 + 23) / 24)::int AS d0, greatest((h1 + 8) / 24, (h0 + 8 + 23) / 24)::int AS d1 FROM b),
  sealed AS (SELECT coalesce(max(to_log_id), 0) AS upto FROM read_batches),
  tail AS (
    SELECT staff_id, floor(extract(epoch FROM at) / 3600)::bigint AS hour, count(*)::int AS n FROM staff_access_log, sealed
     WHERE id > sealed.upto AND at >= $1 AND at < $2 AND region_code LIKE $3 AND ${COUNTED} GROUP BY 1, 2),
  hours AS (
    SELECT staff_id, hour, sum(n) FILTER (WHERE counted) AS n, sum(n) AS total FROM (
      SELECT staff_id, hour, n, true AS counted FROM tail
      UNION ALL
      SELECT h.staff_id, h.hour, h.reads, true FROM staff_read_hours h, d
       WHERE h.region_code LIKE $3 AND ((h.hour >= d.h0 AND h.hour < least(d.h1, d.d0 * 24 - 8)) OR (h.hour >= greatest(d.h0, d.d1 * 24 - 8) AND h.hour < d.h1))
      UNION ALL
      SELECT t.staff_id, t.hour, h.reads, false FROM tail t, d,
             LATERAL (SELECT sum(reads) AS reads FROM staff_read_hours h WHERE h.hour = t.hour AND h.staff_id = t.staff_id AND h.region_code LIKE $3) h
       WHERE t.hour >= d.d0 * 24 - 8 AND t.hour < d.d1 * 24 - 8 AND h.reads IS NOT NULL
    ) e GROUP BY 1, 2)
  SELECT staff_id AS "staffId", coalesce(sum(after), 0)::int AS "afterHours", max(busiest)::int AS "maxPerHour" FROM (
    SELECT r.staff_id, r.after_hours AS after, r.max_per_hour AS busiest FROM staff_read_days r, d WHERE r.day >= d.d0 AND r.day < d.d1 AND r.region_code LIKE $3
    UNION ALL
    SELECT staff_id, CASE WHEN ${afterHoursSql('hour')} THEN n ELSE 0 END, total FROM hours
  ) x GROUP BY 1`;
