import { MigrationInterface, QueryRunner } from 'typeorm';

// 问责 beyond unacknowledged alerts: an alert acknowledged and then left unhandled past the power
// list's time limit, and a contingency task left overdue, each get an accountability record
// (overdue_accountability) naming who was responsible; every such record, and every indicator of
// the cage that fires, is an integrity alert (廉政风险预警) for the discipline inspectors
// (integrity_alerts). Both are evidence: append-only, insert-only for the runtime role. subject_key
// makes each fact produce one record and one alert, whichever replica finds it first.
export class IntegrityAlerts1764099100000 implements MigrationInterface {
  name = 'IntegrityAlerts1764099100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "overdue_accountability" (
        "id" uuid PRIMARY KEY,
        "subject_key" text NOT NULL,
        "cause" text NOT NULL,
        "alert_id" uuid NOT NULL REFERENCES "alerts" ("id"),
        "firm_id" uuid REFERENCES "firms" ("id"),
        "region_code" character(6) NOT NULL,
        "responsible_role" text NOT NULL,
        "responsible_region_code" character(6) NOT NULL,
        "responsible" jsonb NOT NULL,
        "deadline_at" timestamptz NOT NULL,
        "detected_at" timestamptz NOT NULL,
        "late_by_ms" bigint NOT NULL,
        "detail" jsonb NOT NULL,
        CONSTRAINT "overdue_accountability_subject_key" UNIQUE ("subject_key")
      )`);
    await q.query(
      `CREATE INDEX "overdue_accountability_region_idx" ON "overdue_accountability" ("region_code", "detected_at")`,
    );
    await q.query(`
      CREATE TABLE "integrity_alerts" (
        "id" uuid PRIMARY KEY,
        "subject_key" text NOT NULL,
        "indicator" text NOT NULL,
        "subject_staff_ids" jsonb NOT NULL,
        "subject_role" text NOT NULL,
        "region_code" character(6) NOT NULL,
        "firm_id" uuid REFERENCES "firms" ("id"),
        "summary" text NOT NULL,
        "evidence" jsonb NOT NULL,
        "raised_at" timestamptz NOT NULL,
        CONSTRAINT "integrity_alerts_subject_key" UNIQUE ("subject_key")
      )`);
    await q.query(`CREATE INDEX "integrity_alerts_region_idx" ON "integrity_alerts" ("region_code", "raised_at")`);
    for (const table of ['overdue_accountability', 'integrity_alerts']) {
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
    await q.query(`DROP TABLE "integrity_alerts"`);
    await q.query(`DROP TABLE "overdue_accountability"`);
  }
}
