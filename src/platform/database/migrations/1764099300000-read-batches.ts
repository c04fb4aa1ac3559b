import { MigrationInterface, QueryRunner } from 'typeorm';

// Reads of supervised data as evidence: the access log (logins, every look at a firm's data, every
// refusal) is sealed in batches of consecutive rows; each batch carries the digest of its rows and is
// an evidence leaf, so a row changed or removed afterwards no longer matches its batch.
export class ReadBatches1764099300000 implements MigrationInterface {
  name = 'ReadBatches1764099300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "read_batches" (
        "id" uuid PRIMARY KEY,
        "from_log_id" bigint NOT NULL,
        "to_log_id" bigint NOT NULL,
        "rows" integer NOT NULL,
        "digest" text NOT NULL,
        "sealed_at" timestamptz NOT NULL,
        CONSTRAINT "read_batches_from_key" UNIQUE ("from_log_id")
      )`);
    await q.query(
      `CREATE TRIGGER "read_batches_append_only" BEFORE UPDATE OR DELETE ON "read_batches" FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`,
    );
    await q.query(
      `CREATE TRIGGER "read_batches_no_truncate" BEFORE TRUNCATE ON "read_batches" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`,
    );
    await q.query(
      `DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'risk_runtime') THEN REVOKE UPDATE, DELETE, TRUNCATE ON "read_batches" FROM risk_runtime; END IF; END $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "read_batches"`);
  }
}
