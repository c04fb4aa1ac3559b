import { MigrationInterface, QueryRunner } from 'typeorm';

// 纪检监察: a staff role that reads the cage's traces, indicators and integrity alerts of its region
// and acts on nothing.
export class DisciplineInspector1764099200000 implements MigrationInterface {
  name = 'DisciplineInspector1764099200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE "staff_role" ADD VALUE IF NOT EXISTS 'discipline_inspector'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // PostgreSQL cannot drop an enum value: rebuild the type without it (fails while an account holds the role).
    await q.query(`ALTER TYPE "staff_role" RENAME TO "staff_role_old"`);
    await q.query(
      `CREATE TYPE "staff_role" AS ENUM ('analyst', 'county_officer', 'section_head', 'deputy_head', 'bureau_head', 'province', 'auditor', 'admin')`,
    );
    await q.query(`ALTER TABLE "staff_users" ALTER COLUMN "role" TYPE "staff_role" USING "role"::text::"staff_role"`);
    await q.query(
      `ALTER TABLE "staff_access_log" ALTER COLUMN "role" TYPE "staff_role" USING "role"::text::"staff_role"`,
    );
    await q.query(`DROP TYPE "staff_role_old"`);
  }
}
