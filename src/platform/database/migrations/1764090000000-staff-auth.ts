import { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffAuth1764090000000 implements MigrationInterface {
  name = 'StaffAuth1764090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "staff_role" AS ENUM ('analyst', 'county_officer', 'section_head', 'deputy_head', 'bureau_head', 'province', 'auditor', 'admin')`,
    );
    await q.query(`CREATE TYPE "access_outcome" AS ENUM ('allowed', 'denied')`);
    await q.query(`
      CREATE TABLE "staff_users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "username" text NOT NULL,
        "display_name" text NOT NULL,
        "role" "staff_role" NOT NULL,
        "region_code" character(6) NOT NULL,
        "password_hash" text NOT NULL,
        "failed_logins" integer NOT NULL DEFAULT 0,
        "locked_until" TIMESTAMP WITH TIME ZONE,
        "disabled" boolean NOT NULL DEFAULT false,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "staff_users_username_format" CHECK ("username" ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
        CONSTRAINT "staff_users_region_code_format" CHECK ("region_code" ~ '^[0-9]{6}$'),
        CONSTRAINT "staff_users_failed_logins_nonnegative" CHECK ("failed_logins" >= 0),
        CONSTRAINT "staff_users_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "staff_users_username_key" ON "staff_users" ("username")`);
    await q.query(`
      CREATE TABLE "staff_access_log" (
        "id" BIGSERIAL NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "staff_id" text,
        "username" text,
        "role" "staff_role",
        "region_code" character(6),
        "method" text NOT NULL,
        "path" text NOT NULL,
        "firm_id" uuid,
        "outcome" "access_outcome" NOT NULL,
        "reason" text,
        CONSTRAINT "staff_access_log_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "staff_access_log_at_idx" ON "staff_access_log" ("at")`);
    await q.query(`CREATE INDEX "staff_access_log_staff_at_idx" ON "staff_access_log" ("staff_id", "at")`);
    await q.query(`CREATE INDEX "staff_access_log_firm_at_idx" ON "staff_access_log" ("firm_id", "at")`);
    // The access log is evidence of what officials looked at: history is enforced by the database.
    await q.query(`
      CREATE TRIGGER "staff_access_log_append_only" BEFORE UPDATE OR DELETE ON "staff_access_log"
      FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "staff_access_log"`);
    await q.query(`DROP TABLE "staff_users"`);
    await q.query(`DROP TYPE "access_outcome"`);
    await q.query(`DROP TYPE "staff_role"`);
  }
}
