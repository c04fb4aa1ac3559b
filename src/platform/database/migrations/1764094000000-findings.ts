import { MigrationInterface, QueryRunner } from 'typeorm';

// 查实事项: facts an inspection confirmed (self-financing, term splitting, deposit taking ...). The
// qualitative rules and their 一票否决 read them, so they are evidence: the table refuses edits,
// and closing a finding (整改完成 or overturned) is a new row naming it.
export class Findings1764094000000 implements MigrationInterface {
  name = 'Findings1764094000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "supervision_findings" (
        "id" uuid NOT NULL,
        "firm_id" uuid NOT NULL,
        "code" text NOT NULL,
        "effective_on" date NOT NULL,
        "source" text NOT NULL,
        "note" text NOT NULL,
        "closes" uuid,
        "author_staff_id" text NOT NULL,
        "author_name" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "supervision_findings_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "supervision_findings_firm_id_fkey" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "supervision_findings_closes_fkey" FOREIGN KEY ("closes") REFERENCES "supervision_findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "supervision_findings_firm_idx" ON "supervision_findings" ("firm_id", "effective_on")`);
    // A finding is closed at most once.
    await q.query(`CREATE UNIQUE INDEX "supervision_findings_closes_key" ON "supervision_findings" ("closes")`);
    await q.query(
      `CREATE TRIGGER "supervision_findings_append_only" BEFORE UPDATE OR DELETE ON "supervision_findings" FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`,
    );
    await q.query(
      `CREATE TRIGGER "supervision_findings_no_truncate" BEFORE TRUNCATE ON "supervision_findings" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "supervision_findings"`);
  }
}
