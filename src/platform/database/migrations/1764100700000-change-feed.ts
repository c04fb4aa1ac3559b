import { MigrationInterface, QueryRunner } from 'typeorm';

// The change feed (src/platform/change-feed/README.md): a transactional outbox of messages for the
// partitioned streams, written in the transaction that made the change and deleted once relayed.
// Intake's rows come from a statement trigger on ingest_records, so every way of storing records
// (multi-row INSERT or COPY) enqueues one "firm changed" message per firm per statement, with the
// ids of the records it added. scoring_firm_inputs remembers, per firm, the newest change a stored
// assessment has taken in: a change delivered twice is scored once.
export class ChangeFeed1764100700000 implements MigrationInterface {
  name = 'ChangeFeed1764100700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "change_outbox" (
        "id" bigserial NOT NULL,
        "stream" text NOT NULL,
        "key" text NOT NULL,
        "payload" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "change_outbox_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "change_outbox_stream_idx" ON "change_outbox" ("stream", "id")`);
    await q.query(`
      CREATE FUNCTION enqueue_firm_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO change_outbox (stream, key, payload)
        SELECT 'firm-changes', f.credit_code, jsonb_build_object('firmId', f.id, 'records', jsonb_agg(a.id ORDER BY a.id))
          FROM added a JOIN firms f ON f.id = a.firm_id
         GROUP BY f.id, f.credit_code;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER "ingest_records_change_feed" AFTER INSERT ON "ingest_records" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION enqueue_firm_changes()`,
    );
    await q.query(`
      CREATE TABLE "scoring_firm_inputs" (
        "firm_id" uuid NOT NULL REFERENCES "firms" ("id"),
        "change_id" bigint NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "scoring_firm_inputs_pkey" PRIMARY KEY ("firm_id")
      )`);
    // Created after the runtime role's default privileges: those grant these tables already; say it
    // again for databases whose owner differs from the one that set the defaults.
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'risk_runtime') THEN
          GRANT SELECT, INSERT, DELETE ON "change_outbox" TO risk_runtime;
          GRANT USAGE, SELECT ON SEQUENCE "change_outbox_id_seq" TO risk_runtime;
          GRANT SELECT, INSERT, UPDATE ON "scoring_firm_inputs" TO risk_runtime;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "scoring_firm_inputs"`);
    await q.query(`DROP TRIGGER "ingest_records_change_feed" ON "ingest_records"`);
    await q.query(`DROP FUNCTION enqueue_firm_changes()`);
    await q.query(`DROP TABLE "change_outbox"`);
  }
}
