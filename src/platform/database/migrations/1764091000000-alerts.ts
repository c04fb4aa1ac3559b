import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `('open', 'acknowledged', 'in_progress')`;
// History of alerts is evidence of how officials handled them (数据铁笼): the database refuses edits.
const APPEND_ONLY = ['alert_events', 'alert_deliveries', 'accountability_records'];

export class Alerts1764091000000 implements MigrationInterface {
  name = 'Alerts1764091000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "alert_tier" AS ENUM ('blue', 'yellow', 'orange', 'red')`);
    await q.query(
      `CREATE TYPE "alert_status" AS ENUM ('open', 'acknowledged', 'in_progress', 'resolved', 'false_positive')`,
    );
    await q.query(`
      CREATE TABLE "alerts" (
        "id" uuid NOT NULL,
        "firm_id" uuid,
        "cause_key" text NOT NULL,
        "tier" "alert_tier" NOT NULL,
        "status" "alert_status" NOT NULL,
        "veto" boolean NOT NULL,
        "reasons" jsonb NOT NULL,
        "region_code" character(6) NOT NULL,
        "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "deadline_at" TIMESTAMP WITH TIME ZONE,
        "escalation_level" integer NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "version" integer NOT NULL,
        "last_assessment_id" text,
        "state" jsonb NOT NULL,
        CONSTRAINT "alerts_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "alerts_firm_id_fkey" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "alerts_open_firm_cause_key" ON "alerts" ("firm_id", "cause_key") WHERE "firm_id" IS NOT NULL AND "status" IN ${OPEN}`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "alerts_open_bureau_cause_key" ON "alerts" ("cause_key") WHERE "firm_id" IS NULL AND "status" IN ${OPEN}`,
    );
    await q.query(`CREATE INDEX "alerts_due_idx" ON "alerts" ("deadline_at") WHERE "status" = 'open'`);
    await q.query(`CREATE INDEX "alerts_region_updated_idx" ON "alerts" ("region_code", "updated_at")`);
    await q.query(`CREATE INDEX "alerts_firm_idx" ON "alerts" ("firm_id")`);

    await q.query(`
      CREATE TABLE "alert_events" (
        "id" uuid NOT NULL,
        "alert_id" uuid NOT NULL,
        "alert_version" integer NOT NULL,
        "kind" text NOT NULL,
        "action" text NOT NULL,
        "from_status" text,
        "to_status" text,
        "tier" text,
        "actor_staff_id" text,
        "actor" jsonb NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "reason" text,
        "payload" jsonb,
        CONSTRAINT "alert_events_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "alert_events_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "alert_events_alert_at_idx" ON "alert_events" ("alert_id", "at")`);

    await q.query(`
      CREATE TABLE "alert_deliveries" (
        "id" uuid NOT NULL,
        "alert_id" uuid NOT NULL,
        "event_id" uuid NOT NULL,
        "recipient_id" text NOT NULL,
        "channel" text NOT NULL,
        "masked_target" text NOT NULL,
        "status" text NOT NULL,
        "attempts" integer NOT NULL,
        "last_error" text,
        "attempt_log" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "alert_deliveries_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "alert_deliveries_alert_idx" ON "alert_deliveries" ("alert_id", "created_at")`);
    await q.query(`CREATE INDEX "alert_deliveries_event_idx" ON "alert_deliveries" ("event_id")`);

    await q.query(`
      CREATE TABLE "accountability_records" (
        "id" uuid NOT NULL,
        "alert_id" uuid NOT NULL,
        "firm_id" uuid,
        "region_code" character(6) NOT NULL,
        "tier" text NOT NULL,
        "deadline_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "late_by_ms" bigint NOT NULL,
        "escalation_level" integer NOT NULL,
        "responsible_role" text NOT NULL,
        "responsible_region_code" character(6) NOT NULL,
        "responsible" jsonb NOT NULL,
        "escalated_to" jsonb NOT NULL,
        CONSTRAINT "accountability_records_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "accountability_records_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(
      `CREATE INDEX "accountability_records_region_at_idx" ON "accountability_records" ("region_code", "detected_at")`,
    );
    await q.query(`CREATE INDEX "accountability_records_alert_idx" ON "accountability_records" ("alert_id")`);

    await q.query(`
      CREATE TABLE "contingency_plans" (
        "id" uuid NOT NULL,
        "alert_id" uuid NOT NULL,
        "template_id" text NOT NULL,
        "name" text NOT NULL,
        "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "contingency_plans_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "contingency_plans_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE UNIQUE INDEX "contingency_plans_alert_key" ON "contingency_plans" ("alert_id")`);
    await q.query(`
      CREATE TABLE "contingency_tasks" (
        "id" uuid NOT NULL,
        "plan_id" uuid NOT NULL,
        "task_id" text NOT NULL,
        "title" text NOT NULL,
        "owner_role" text NOT NULL,
        "owner_region_code" character(6) NOT NULL,
        "owner_staff_ids" jsonb NOT NULL,
        "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "status" text NOT NULL,
        "completed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "contingency_tasks_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "contingency_tasks_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "contingency_plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "contingency_tasks_plan_task_key" ON "contingency_tasks" ("plan_id", "task_id")`,
    );
    await q.query(`CREATE INDEX "contingency_tasks_due_idx" ON "contingency_tasks" ("status", "due_at")`);

    await q.query(`
      CREATE TABLE "push_subscriptions" (
        "id" uuid NOT NULL,
        "staff_id" text NOT NULL,
        "endpoint" text NOT NULL,
        "p256dh" text NOT NULL,
        "auth" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "push_subscriptions_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "push_subscriptions_staff_idx" ON "push_subscriptions" ("staff_id")`);
    await q.query(`CREATE UNIQUE INDEX "push_subscriptions_endpoint_key" ON "push_subscriptions" ("endpoint")`);

    await q.query(`
      CREATE TABLE "staff_contacts" (
        "id" uuid NOT NULL,
        "staff_id" uuid,
        "office_role" text,
        "name" text,
        "region_code" character(6),
        "phone" text,
        "wecom_webhook" text,
        "dingtalk_webhook" text,
        "dingtalk_secret" text,
        "active" boolean NOT NULL DEFAULT true,
        CONSTRAINT "staff_contacts_staff_or_office" CHECK (("staff_id" IS NOT NULL AND "office_role" IS NULL) OR ("staff_id" IS NULL AND "office_role" IS NOT NULL AND "name" IS NOT NULL AND "region_code" IS NOT NULL)),
        CONSTRAINT "staff_contacts_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "staff_contacts_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE UNIQUE INDEX "staff_contacts_staff_key" ON "staff_contacts" ("staff_id")`);

    for (const table of APPEND_ONLY) {
      await q.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`,
      );
      await q.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'staff_contacts',
      'push_subscriptions',
      'contingency_tasks',
      'contingency_plans',
      'accountability_records',
      'alert_deliveries',
      'alert_events',
      'alerts',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP TYPE "alert_status"`);
    await q.query(`DROP TYPE "alert_tier"`);
  }
}
