import { MigrationInterface, QueryRunner } from 'typeorm';

export class Ingest1764089000000 implements MigrationInterface {
  name = 'Ingest1764089000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "ingest_records" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" text NOT NULL,
        "firm_id" uuid NOT NULL,
        "submission_id" text NOT NULL,
        "business_key" text NOT NULL,
        "version" integer NOT NULL,
        "as_of" date NOT NULL,
        "source" text NOT NULL,
        "source_ref" text NOT NULL,
        "payload" jsonb NOT NULL,
        "content_hash" bytea NOT NULL,
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ingest_records_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "ingest_records_submission_key" ON "ingest_records" ("kind", "firm_id", "submission_id")`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "ingest_records_version_key" ON "ingest_records" ("kind", "firm_id", "business_key", "version")`,
    );
    await q.query(`CREATE INDEX "ingest_records_firm_as_of_idx" ON "ingest_records" ("firm_id", "kind", "as_of")`);
    await q.query(`
      CREATE TABLE "ingest_documents" (
        "sha256" bytea NOT NULL,
        "media_type" text NOT NULL,
        "size_bytes" integer NOT NULL,
        "content" bytea NOT NULL,
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ingest_documents_pkey" PRIMARY KEY ("sha256")
      )`);
    await q.query(`
      CREATE TABLE "firm_api_keys" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "firm_id" uuid NOT NULL,
        "prefix" text NOT NULL,
        "secret_hash" bytea NOT NULL,
        "label" text NOT NULL DEFAULT '',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "firm_api_keys_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "firm_api_keys_firm_idx" ON "firm_api_keys" ("firm_id")`);
    await q.query(`CREATE UNIQUE INDEX "firm_api_keys_prefix_key" ON "firm_api_keys" ("prefix")`);
    await q.query(`
      CREATE TABLE "ingest_idempotency_keys" (
        "firm_id" uuid NOT NULL,
        "key" text NOT NULL,
        "request_hash" bytea NOT NULL,
        "status_code" integer NOT NULL,
        "response" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ingest_idempotency_keys_pkey" PRIMARY KEY ("firm_id", "key")
      )`);
    for (const table of ['ingest_records', 'ingest_documents']) {
      await q.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`,
      );
      await q.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['ingest_idempotency_keys', 'firm_api_keys', 'ingest_documents', 'ingest_records'])
      await q.query(`DROP TABLE "${table}"`);
  }
}
