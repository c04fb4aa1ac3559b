import { MigrationInterface, QueryRunner } from 'typeorm';

// Integrity alerts (廉政风险预警) go out through the alert channels to the discipline inspectors of the
// official's region (src/cage/integrity-notify); one row per alert records whom it reached, on which
// channel and with what outcome (targets masked). An alert without a row is sent at the next round.
export class IntegrityAlertNotifications1764100530000 implements MigrationInterface {
  name = 'IntegrityAlertNotifications1764100530000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "integrity_alert_notifications" (
        "integrity_alert_id" uuid PRIMARY KEY REFERENCES "integrity_alerts" ("id"),
        "recipients" jsonb NOT NULL,
        "deliveries" jsonb NOT NULL,
        "notified_at" timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE TRIGGER "integrity_alert_notifications_append_only" BEFORE UPDATE OR DELETE ON "integrity_alert_notifications" FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`,
    );
    await q.query(
      `CREATE TRIGGER "integrity_alert_notifications_no_truncate" BEFORE TRUNCATE ON "integrity_alert_notifications" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`,
    );
    await q.query(
      `DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'risk_runtime') THEN REVOKE UPDATE, DELETE, TRUNCATE ON "integrity_alert_notifications" FROM risk_runtime; END IF; END $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "integrity_alert_notifications"`);
  }
}
