import { MigrationInterface, QueryRunner } from 'typeorm';

// Notifications decided but not yet stored as deliveries (src/alerts/README.md, "Nothing decided is
// lost"): a crash between the deciding commit and the delivery rows no longer loses the messages.
export class AlertOutbox1764095000000 implements MigrationInterface {
  name = 'AlertOutbox1764095000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "alert_outbox" (
        "event_id" uuid NOT NULL,
        "alert_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "previous_tier" "alert_tier",
        "alert_state" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "lease_until" TIMESTAMP WITH TIME ZONE NOT NULL,
        "sends" integer NOT NULL,
        CONSTRAINT "alert_outbox_pkey" PRIMARY KEY ("event_id"),
        CONSTRAINT "alert_outbox_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "alert_events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "alert_outbox_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "alert_outbox_lease_idx" ON "alert_outbox" ("lease_until")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "alert_outbox"`);
  }
}
