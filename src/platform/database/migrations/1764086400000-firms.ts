import { MigrationInterface, QueryRunner } from 'typeorm';

export class Firms1764086400000 implements MigrationInterface {
  name = 'Firms1764086400000';

  async up(q: QueryRunner): Promise<void> {
    // Append-only tables (evidence, accountability) attach this trigger: history is enforced by
    // the database, not only by the code that writes it.
    await q.query(`
      CREATE FUNCTION forbid_mutation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'table % is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TYPE "firm_kind" AS ENUM ('p2p_lending', 'micro_loan', 'financing_guarantee')`);
    await q.query(`CREATE TYPE "licence_status" AS ENUM ('licensed', 'suspended', 'revoked', 'exited')`);
    await q.query(`
      CREATE TABLE "firms" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "credit_code" character(18) NOT NULL,
        "name" text NOT NULL,
        "kind" "firm_kind" NOT NULL,
        "region_code" character(6) NOT NULL,
        "licence_status" "licence_status" NOT NULL DEFAULT 'licensed',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "firms_credit_code_format" CHECK ("credit_code" ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
        CONSTRAINT "firms_region_code_format" CHECK ("region_code" ~ '^[0-9]{6}$'),
        CONSTRAINT "firms_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "firms_credit_code_key" ON "firms" ("credit_code")`);
    await q.query(`CREATE INDEX "firms_region_code_idx" ON "firms" ("region_code")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "firms"`);
    await q.query(`DROP TYPE "licence_status"`);
    await q.query(`DROP TYPE "firm_kind"`);
    await q.query(`DROP FUNCTION forbid_mutation()`);
  }
}
