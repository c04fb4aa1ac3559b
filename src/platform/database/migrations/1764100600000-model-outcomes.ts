import { MigrationInterface, QueryRunner } from 'typeorm';

// Outcomes and the model's life cycle. firm_outcomes: what happened to a firm (吊销许可, 挤兑, 停止兑付,
// 立案, 退出) and when, from the registry and court feeds, licence changes and officials; the labels of
// train-from-database and of monitoring. model_comparisons: the report comparing a candidate with the
// served model and the logistic baseline on the latest window, which a promotion must cite.
// model_activations: each promotion, append-only. model_monitoring_runs: calibration, discrimination
// and drift of the served model as outcomes arrive. model_owner: the staff role their alerts go to.
export class ModelOutcomes1764100600000 implements MigrationInterface {
  name = 'ModelOutcomes1764100600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE "staff_role" ADD VALUE IF NOT EXISTS 'model_owner'`);
    await q.query(`
      CREATE TABLE "firm_outcomes" (
        "id" uuid PRIMARY KEY,
        "firm_id" uuid NOT NULL REFERENCES "firms" ("id"),
        "outcome" text NOT NULL CHECK ("outcome" IN ('licence_revoked', 'run', 'payout_stop', 'case_filed', 'exit')),
        "occurred_on" date NOT NULL,
        "source" text NOT NULL CHECK ("source" IN ('registry', 'court', 'licence', 'official')),
        "source_ref" text NOT NULL,
        "detail" text NOT NULL DEFAULT '',
        "recorded_by" uuid,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "firm_outcomes_source_key" UNIQUE ("firm_id", "outcome", "source", "source_ref")
      )`);
    await q.query(`CREATE INDEX "firm_outcomes_firm_idx" ON "firm_outcomes" ("firm_id", "occurred_on")`);
    await q.query(`
      CREATE TABLE "model_comparisons" (
        "id" uuid PRIMARY KEY,
        "candidate_version" text NOT NULL,
        "current_version" text,
        "window_from" date NOT NULL,
        "window_to" date NOT NULL,
        "horizon_months" integer NOT NULL,
        "monotone" boolean NOT NULL,
        "report" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX "model_comparisons_candidate_idx" ON "model_comparisons" ("candidate_version", "created_at")`,
    );
    await q.query(`
      CREATE TABLE "model_activations" (
        "id" uuid PRIMARY KEY,
        "version" text NOT NULL,
        "previous_version" text,
        "comparison_id" uuid NOT NULL REFERENCES "model_comparisons" ("id"),
        "activated_by" uuid NOT NULL,
        "activated_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "model_activations_at_idx" ON "model_activations" ("activated_at")`);
    await q.query(`
      CREATE TABLE "model_monitoring_runs" (
        "id" uuid PRIMARY KEY,
        "version" text NOT NULL,
        "as_of" date NOT NULL,
        "result" jsonb NOT NULL,
        "breaches" jsonb NOT NULL,
        "computed_at" timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX "model_monitoring_runs_version_idx" ON "model_monitoring_runs" ("version", "computed_at")`,
    );
    for (const table of ['model_activations', 'model_comparisons']) {
      await q.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`,
      );
      await q.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`,
      );
      await q.query(
        `DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'risk_runtime') THEN REVOKE UPDATE, DELETE, TRUNCATE ON "${table}" FROM risk_runtime; END IF; END $$`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "model_monitoring_runs"`);
    await q.query(`DROP TABLE "model_activations"`);
    await q.query(`DROP TABLE "model_comparisons"`);
    await q.query(`DROP TABLE "firm_outcomes"`);
    // PostgreSQL cannot drop an enum value: rebuild the type without it (fails while an account holds the role).
    await q.query(`ALTER TYPE "staff_role" RENAME TO "staff_role_old"`);
    await q.query(
      `CREATE TYPE "staff_role" AS ENUM ('analyst', 'county_officer', 'section_head', 'deputy_head', 'bureau_head', 'province', 'auditor', 'admin', 'discipline_inspector')`,
    );
    await q.query(`ALTER TABLE "staff_users" ALTER COLUMN "role" TYPE "staff_role" USING "role"::text::"staff_role"`);
    await q.query(
      `ALTER TABLE "staff_access_log" ALTER COLUMN "role" TYPE "staff_role" USING "role"::text::"staff_role"`,
    );
    await q.query(`DROP TYPE "staff_role_old"`);
  }
}
