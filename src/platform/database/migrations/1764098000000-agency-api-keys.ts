import { MigrationInterface, QueryRunner } from 'typeorm';

// Government feeds over HTTP (the embedded default has no Kafka): agency API keys, each scoped to
// the feed kinds its agency may send.
export class AgencyApiKeys1764098000000 implements MigrationInterface {
  name = 'AgencyApiKeys1764098000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "agency_api_keys" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "agency" text NOT NULL,
        "kinds" text array NOT NULL,
        "prefix" text NOT NULL,
        "secret_hash" bytea NOT NULL,
        "label" text NOT NULL DEFAULT '',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "agency_api_keys_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "agency_api_keys_prefix_key" ON "agency_api_keys" ("prefix")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "agency_api_keys"`);
  }
}
