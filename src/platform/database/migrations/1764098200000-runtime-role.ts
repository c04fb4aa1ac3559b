import { MigrationInterface, QueryRunner } from 'typeorm';

// The service should not run as the owner of its tables: an owner may DISABLE TRIGGER or TRUNCATE
// an append-only table, and the database could no longer vouch for the evidence. This creates the
// group role `risk_runtime` (NOLOGIN) holding what the service needs: SELECT and INSERT everywhere,
// UPDATE and DELETE only where rows are meant to change; never UPDATE, DELETE or TRUNCATE on an
// append-only table (those carrying a `<table>_append_only` trigger), nor UPDATE on the anchoring
// queue. The service's login role is made a member (docs/operations.md, Security); migrations run
// as the owner. TRUNCATE, which row triggers do not see, is refused on the access log and the
// anchoring queue as it already is on the other evidence tables.
export class RuntimeRole1764098200000 implements MigrationInterface {
  name = 'RuntimeRole1764098200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TRIGGER "staff_access_log_no_truncate" BEFORE TRUNCATE ON "staff_access_log" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`,
    );
    await q.query(
      `CREATE TRIGGER "evidence_pending_no_truncate" BEFORE TRUNCATE ON "evidence_pending" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`,
    );
    await q.query(`
      DO $$
      DECLARE t text;
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'risk_runtime') THEN
          CREATE ROLE risk_runtime NOLOGIN;
        END IF;
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO risk_runtime', current_schema());
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO risk_runtime', current_schema());
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO risk_runtime', current_schema());
        -- Tables a later migration creates (as this owner) get the same; append-only ones revoke again.
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO risk_runtime', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO risk_runtime', current_schema());
        FOR t IN
          SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND g.tgname = c.relname || '_append_only'
        LOOP
          EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM risk_runtime', t);
        END LOOP;
        REVOKE UPDATE, TRUNCATE ON "evidence_pending" FROM risk_runtime;
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "schema_migrations" FROM risk_runtime;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'risk_runtime') THEN
          EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON TABLES FROM risk_runtime', current_schema());
          EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON SEQUENCES FROM risk_runtime', current_schema());
          EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM risk_runtime', current_schema());
          EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM risk_runtime', current_schema());
          EXECUTE format('REVOKE ALL ON SCHEMA %I FROM risk_runtime', current_schema());
        END IF;
      END $$`);
    await q.query(`DROP TRIGGER "evidence_pending_no_truncate" ON "evidence_pending"`);
    await q.query(`DROP TRIGGER "staff_access_log_no_truncate" ON "staff_access_log"`);
  }
}
