import { MigrationInterface, QueryRunner } from 'typeorm';

// Grafana reads PostgreSQL directly, so it gets a role of its own that can only read what the
// dashboards show (dashboards/risk-dashboards.ts, the `tables` of each SQL panel): risk_dashboard.
// pgaudit logs every read of this role (scripts/services.sh, docs/data-cage.md) and the importer turns
// the log into read traces. Never the staff's password hashes or keys: of staff_users only who they are.
// The role is cluster-wide and created NOLOGIN if missing; the deployment gives it LOGIN and a password.
export const DASHBOARD_TABLES = [
  'accountability_records',
  'alert_deliveries',
  'alert_events',
  'alert_outbox',
  'alerts',
  'assessments',
  'contingency_plans',
  'contingency_tasks',
  'evidence_anchors',
  'evidence_checkpoints',
  'evidence_leaves',
  'evidence_log',
  'evidence_pending',
  'evidence_tamper_findings',
  'firms',
  'ingest_records',
  // the inspectors' dashboard (纪检监察)
  'integrity_alerts',
  'overdue_accountability',
  'power_traces',
  'read_batches',
  'staff_access_log',
  'staff_read_hours',
];

export class DashboardRole1764100510000 implements MigrationInterface {
  name = 'DashboardRole1764100510000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'risk_dashboard') THEN CREATE ROLE risk_dashboard NOLOGIN; END IF; END $$`,
    );
    await q.query(`DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA %I TO risk_dashboard', current_schema()); END $$`);
    await q.query(`GRANT SELECT ON ${DASHBOARD_TABLES.map((t) => `"${t}"`).join(', ')} TO risk_dashboard`);
    await q.query(`GRANT SELECT ("id", "display_name", "role", "region_code") ON "staff_users" TO risk_dashboard`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE SELECT ("id", "display_name", "role", "region_code") ON "staff_users" FROM risk_dashboard`);
    await q.query(`REVOKE SELECT ON ${DASHBOARD_TABLES.map((t) => `"${t}"`).join(', ')} FROM risk_dashboard`);
    await q.query(
      `DO $$ BEGIN EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM risk_dashboard', current_schema()); END $$`,
    );
  }
}
