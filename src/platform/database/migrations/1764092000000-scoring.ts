import { MigrationInterface, QueryRunner } from 'typeorm';

// Assessments, manual scores, list decisions and rule pack history are evidence of how firms were
// judged: the database refuses edits. scoring_watermarks is the scoring role's progress, mutable.
const APPEND_ONLY = ['assessments', 'manual_scores', 'firm_lists', 'rule_pack_versions', 'rule_pack_activations'];

export class Scoring1764092000000 implements MigrationInterface {
  name = 'Scoring1764092000000';

  async up(q: QueryRunner): Promise<void> {
    // alert_tier (alerts migration) has no 'none'; an assessment's tier may be none.
    await q.query(`CREATE TYPE "assessment_tier" AS ENUM ('none', 'blue', 'yellow', 'orange', 'red')`);
    await q.query(`
      CREATE TABLE "assessments" (
        "id" uuid NOT NULL,
        "firm_id" uuid NOT NULL,
        "as_of" date NOT NULL,
        "assessed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "risk_score" numeric(4,1) NOT NULL,
        "rule_score" numeric(4,1) NOT NULL,
        "model_score" numeric(4,1),
        "model_probability" numeric(7,6),
        "machine_score" numeric(4,1) NOT NULL,
        "quality_score" numeric(4,1) NOT NULL,
        "grade" text NOT NULL,
        "tier" "assessment_tier" NOT NULL,
        "score_tier" "assessment_tier" NOT NULL,
        "rule_tier" "assessment_tier" NOT NULL,
        "rank" integer NOT NULL,
        "ranked_firms" integer NOT NULL,
        "pack_versions" jsonb NOT NULL,
        "model_version" text,
        "explanation" jsonb NOT NULL,
        "features" jsonb NOT NULL,
        "trigger" text NOT NULL,
        CONSTRAINT "assessments_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "assessments_firm_id_fkey" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "assessments_firm_as_of_idx" ON "assessments" ("firm_id", "as_of", "assessed_at")`);
    await q.query(`CREATE INDEX "assessments_assessed_at_idx" ON "assessments" ("assessed_at")`);

    await q.query(`
      CREATE TABLE "manual_scores" (
        "id" uuid NOT NULL,
        "firm_id" uuid NOT NULL,
        "mode" text NOT NULL,
        "value" numeric(4,1) NOT NULL,
        "reason" text NOT NULL,
        "author_staff_id" text NOT NULL,
        "author_name" text NOT NULL,
        "valid_from" date NOT NULL,
        "valid_to" date,
        "revokes" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "manual_scores_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "manual_scores_firm_id_fkey" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "manual_scores_firm_idx" ON "manual_scores" ("firm_id", "created_at")`);

    await q.query(`
      CREATE TABLE "firm_lists" (
        "id" uuid NOT NULL,
        "firm_id" uuid NOT NULL,
        "list" text NOT NULL,
        "listed" boolean NOT NULL,
        "reasons" jsonb NOT NULL,
        "assessment_id" uuid,
        "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "firm_lists_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "firm_lists_firm_id_fkey" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "firm_lists_firm_list_idx" ON "firm_lists" ("firm_id", "list", "decided_at")`);

    await q.query(`
      CREATE TABLE "rule_pack_versions" (
        "pack" text NOT NULL,
        "version" integer NOT NULL,
        "yaml" text NOT NULL,
        "content_hash" bytea NOT NULL,
        "uploaded_by" text NOT NULL,
        "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "rule_pack_versions_pkey" PRIMARY KEY ("pack", "version")
      )`);
    await q.query(`
      CREATE TABLE "rule_pack_activations" (
        "id" uuid NOT NULL,
        "pack" text NOT NULL,
        "version" integer NOT NULL,
        "activated_by" text NOT NULL,
        "activated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "rule_pack_activations_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "rule_pack_activations_pack_idx" ON "rule_pack_activations" ("pack", "activated_at")`);

    await q.query(`
      CREATE TABLE "scoring_watermarks" (
        "name" text NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "scoring_watermarks_pkey" PRIMARY KEY ("name")
      )`);

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
      'scoring_watermarks',
      'rule_pack_activations',
      'rule_pack_versions',
      'firm_lists',
      'manual_scores',
      'assessments',
    ])
      await q.query(`DROP TABLE "${table}"`);
    await q.query(`DROP TYPE "assessment_tier"`);
  }
}
