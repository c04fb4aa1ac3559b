import { MigrationInterface, QueryRunner } from 'typeorm';

// Firms witness the log (见证): each C2SP cosignature a firm made on a checkpoint with one of its
// registered Ed25519 keys, and each checkpoint a firm's witness refused to cosign (with the first
// tree size it found bad). Both append-only, both evidence leaves.
export class FirmWitness1764100400000 implements MigrationInterface {
  name = 'FirmWitness1764100400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "firm_cosignatures" (
        "id" bigserial NOT NULL,
        "firm_id" uuid NOT NULL REFERENCES "firms" ("id"),
        "key_id" text NOT NULL REFERENCES "firm_signing_keys" ("id"),
        "origin" text NOT NULL,
        "tree_size" bigint NOT NULL,
        "root_hash" bytea NOT NULL,
        "cosigned_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "event" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "firm_cosignatures_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "firm_cosignatures_once" UNIQUE ("key_id", "origin", "tree_size")
      )`);
    await q.query(`CREATE INDEX "firm_cosignatures_size_idx" ON "firm_cosignatures" ("origin", "tree_size")`);
    await q.query(`CREATE INDEX "firm_cosignatures_firm_idx" ON "firm_cosignatures" ("firm_id", "tree_size")`);
    await q.query(`
      CREATE TABLE "witness_refusals" (
        "id" bigserial NOT NULL,
        "firm_id" uuid NOT NULL REFERENCES "firms" ("id"),
        "origin" text NOT NULL,
        "tree_size" bigint NOT NULL,
        "first_bad_size" bigint NOT NULL,
        "event" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "witness_refusals_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "witness_refusals_firm_idx" ON "witness_refusals" ("firm_id", "id")`);
    for (const table of ['firm_cosignatures', 'witness_refusals']) {
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
    await q.query(`DROP TABLE "witness_refusals"`);
    await q.query(`DROP TABLE "firm_cosignatures"`);
  }
}
