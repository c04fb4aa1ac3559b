import { MigrationInterface, QueryRunner } from 'typeorm';

// A full re-score writes 10,000 assessments, each with ~3.7 kB of features and ~1 kB of
// explanation jsonb. pglz compressing them was about half of PostgreSQL's share of the write
// (measured: 20,000 rows in 1.8-2.8 s with lz4 against 3.5-6.1 s with pglz, on a loaded 2-core
// machine). lz4 compresses several times faster for ~35 % more space. Only new values are written
// with lz4; stored ones stay as they are, and the jsonb values read back are the same, so every
// evidence leaf re-hashes unchanged. A server built without lz4 (PGlite) keeps pglz.
export class AssessmentLz41764100900000 implements MigrationInterface {
  name = 'AssessmentLz41764100900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        ALTER TABLE "assessments" ALTER COLUMN "features" SET COMPRESSION lz4, ALTER COLUMN "explanation" SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN
        RAISE NOTICE 'lz4 not available: assessments keep pglz';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "assessments" ALTER COLUMN "features" SET COMPRESSION pglz, ALTER COLUMN "explanation" SET COMPRESSION pglz`,
    );
  }
}
