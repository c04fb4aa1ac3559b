import { MigrationInterface, QueryRunner } from 'typeorm';

// Firms sign what they submit (签名报送): their registered public keys with validity windows,
// each key change as an append-only event (an evidence leaf), the per-firm "signatures required"
// policy, and each pushed record's submission envelope (salted commitment to the bytes sent, and
// the signature), append-only like the record it belongs to.
export class FirmSignatures1764099400000 implements MigrationInterface {
  name = 'FirmSignatures1764099400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "firm_signing_keys" (
        "id" text NOT NULL,
        "firm_id" uuid NOT NULL REFERENCES "firms" ("id"),
        "algorithm" text NOT NULL CHECK ("algorithm" IN ('ed25519', 'sm2-sm3')),
        "public_key" bytea NOT NULL,
        "label" text NOT NULL DEFAULT '',
        "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL,
        "valid_until" TIMESTAMP WITH TIME ZONE,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "firm_signing_keys_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "firm_signing_keys_window" CHECK ("valid_until" IS NULL OR "valid_until" > "valid_from")
      )`);
    await q.query(`CREATE INDEX "firm_signing_keys_firm_idx" ON "firm_signing_keys" ("firm_id")`);
    await q.query(`
      CREATE TABLE "firm_signing_key_events" (
        "id" bigserial NOT NULL,
        "key_id" text NOT NULL REFERENCES "firm_signing_keys" ("id"),
        "firm_id" uuid NOT NULL,
        "event" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "firm_signing_key_events_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "firm_signature_policies" (
        "firm_id" uuid NOT NULL REFERENCES "firms" ("id"),
        "required" boolean NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "firm_signature_policies_pkey" PRIMARY KEY ("firm_id")
      )`);
    await q.query(`
      CREATE TABLE "ingest_record_submissions" (
        "record_id" uuid NOT NULL REFERENCES "ingest_records" ("id"),
        "envelope" jsonb NOT NULL,
        "salt" bytea,
        CONSTRAINT "ingest_record_submissions_pkey" PRIMARY KEY ("record_id")
      )`);
    for (const table of ['firm_signing_key_events', 'ingest_record_submissions']) {
      await q.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`,
      );
      await q.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`,
      );
      await q.query(`
        DO $$ BEGIN
          IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'risk_runtime') THEN
            REVOKE UPDATE, DELETE, TRUNCATE ON "${table}" FROM risk_runtime;
          END IF;
        END $$`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ingest_record_submissions"`);
    await q.query(`DROP TABLE "firm_signature_policies"`);
    await q.query(`DROP TABLE "firm_signing_key_events"`);
    await q.query(`DROP TABLE "firm_signing_keys"`);
  }
}
