import { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = [
  'evidence_leaves',
  'evidence_log',
  'evidence_checkpoints',
  'evidence_anchors',
  'evidence_tamper_findings',
];

export class EvidenceLog1764088000000 implements MigrationInterface {
  name = 'EvidenceLog1764088000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "evidence_leaves" (
        "id" BIGSERIAL NOT NULL,
        "record_kind" text NOT NULL,
        "record_id" text NOT NULL,
        "content_hash" bytea NOT NULL,
        "firm_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "evidence_leaves_content_hash_length" CHECK (octet_length("content_hash") = 32),
        CONSTRAINT "evidence_leaves_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "evidence_leaves_record_idx" ON "evidence_leaves" ("record_kind", "record_id")`);
    await q.query(`CREATE INDEX "evidence_leaves_firm_idx" ON "evidence_leaves" ("firm_id")`);
    await q.query(
      `CREATE TABLE "evidence_pending" ("leaf_id" bigint NOT NULL, CONSTRAINT "evidence_pending_pkey" PRIMARY KEY ("leaf_id"))`,
    );
    await q.query(`
      CREATE TABLE "evidence_log" (
        "leaf_index" bigint NOT NULL,
        "leaf_id" bigint NOT NULL,
        "leaf_hash" bytea NOT NULL,
        "sequenced_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "evidence_log_leaf_index_non_negative" CHECK ("leaf_index" >= 0),
        CONSTRAINT "evidence_log_pkey" PRIMARY KEY ("leaf_index")
      )`);
    await q.query(`CREATE UNIQUE INDEX "evidence_log_leaf_id_key" ON "evidence_log" ("leaf_id")`);
    await q.query(`
      CREATE TABLE "evidence_checkpoints" (
        "tree_size" bigint NOT NULL,
        "root_hash" bytea NOT NULL,
        "body" text NOT NULL,
        "signature" bytea NOT NULL,
        "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "evidence_checkpoints_pkey" PRIMARY KEY ("tree_size")
      )`);
    await q.query(`
      CREATE TABLE "evidence_anchors" (
        "tree_size" bigint NOT NULL,
        "ledger" text NOT NULL,
        "chain_id" text NOT NULL,
        "height" bigint NOT NULL,
        "tx_hash" text NOT NULL,
        "anchor" jsonb NOT NULL,
        "anchored_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "evidence_anchors_pkey" PRIMARY KEY ("tree_size")
      )`);
    await q.query(`
      CREATE TABLE "evidence_tamper_findings" (
        "id" BIGSERIAL NOT NULL,
        "leaf_id" bigint NOT NULL,
        "record_kind" text NOT NULL,
        "record_id" text NOT NULL,
        "expected_hash" bytea NOT NULL,
        "actual_hash" bytea NOT NULL,
        "found_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "evidence_tamper_findings_pkey" PRIMARY KEY ("id")
      )`);
    for (const table of APPEND_ONLY) {
      await q.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`,
      );
      // TRUNCATE bypasses row triggers; forbid it too.
      await q.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'evidence_tamper_findings',
      'evidence_anchors',
      'evidence_checkpoints',
      'evidence_log',
      'evidence_pending',
      'evidence_leaves',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
