import { MigrationInterface, QueryRunner } from 'typeorm';

// 处处留痕: one row per exercise of a power of the power list (src/cage/power-list), with actor,
// role, region, target, before/after, reason and second approver; and the dated history of each
// firm's licence status (the firms row only holds the current one). Both are evidence: append-only
// by trigger (UPDATE, DELETE and TRUNCATE), and the runtime role may only insert and read.
export class PowerTraces1764099000000 implements MigrationInterface {
  name = 'PowerTraces1764099000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "power_traces" (
        "id" uuid PRIMARY KEY,
        "power_id" text NOT NULL,
        "power_list_version" integer NOT NULL,
        "actor_id" text NOT NULL,
        "actor_name" text NOT NULL,
        "actor_role" text NOT NULL,
        "actor_region" text NOT NULL,
        "approver_id" text,
        "approver_name" text,
        "approver_role" text,
        "target_kind" text NOT NULL,
        "target_id" text,
        "firm_id" uuid REFERENCES "firms" ("id"),
        "before" jsonb,
        "after" jsonb,
        "reason" text,
        "method" text NOT NULL,
        "path" text NOT NULL,
        "exercised_at" timestamptz NOT NULL,
        "due_at" timestamptz
      )`);
    await q.query(`CREATE INDEX "power_traces_actor_idx" ON "power_traces" ("actor_id", "exercised_at")`);
    await q.query(`CREATE INDEX "power_traces_firm_idx" ON "power_traces" ("firm_id", "exercised_at")`);
    await q.query(`CREATE INDEX "power_traces_region_idx" ON "power_traces" ("actor_region", "exercised_at")`);
    await q.query(`
      CREATE TABLE "licence_status_history" (
        "id" uuid PRIMARY KEY,
        "firm_id" uuid NOT NULL REFERENCES "firms" ("id"),
        "from_status" "licence_status" NOT NULL,
        "to_status" "licence_status" NOT NULL,
        "changed_at" timestamptz NOT NULL,
        "trace_id" uuid NOT NULL REFERENCES "power_traces" ("id")
      )`);
    await q.query(
      `CREATE INDEX "licence_status_history_firm_idx" ON "licence_status_history" ("firm_id", "changed_at")`,
    );
    for (const table of ['power_traces', 'licence_status_history']) {
      await q.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`,
      );
      await q.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`,
      );
      // The default privileges of the runtime-role migration granted UPDATE and DELETE: take them back.
      await q.query(
        `DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'risk_runtime') THEN REVOKE UPDATE, DELETE, TRUNCATE ON "${table}" FROM risk_runtime; END IF; END $$`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "licence_status_history"`);
    await q.query(`DROP TABLE "power_traces"`);
  }
}
