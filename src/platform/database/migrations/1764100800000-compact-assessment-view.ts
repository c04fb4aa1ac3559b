import { MigrationInterface, QueryRunner } from 'typeorm';

// Cross-firm work (ranking, related-party propagation, white and black lists, the previous
// assessment of an alert signal) read every firm's latest explanation jsonb, TOASTed and
// compressed, to take a few rule ids out of it: 28 % of a 10,000-firm re-score. The fired rules
// (id, tier, veto, title) and the propagation flags now have columns of their own, small enough
// to stay in the row. They are copies of parts of `explanation`, which alone is hashed into the
// evidence leaf, so filling them in for the rows stored before changes no evidence.
//
// alert_deliveries_event_idx is dropped: no query looks deliveries up by event (they are read by
// alert, through alert_deliveries_alert_idx), and every delivery row paid for its upkeep.
export class CompactAssessmentView1764100800000 implements MigrationInterface {
  name = 'CompactAssessmentView1764100800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "assessments" ADD COLUMN "rules_fired" jsonb, ADD COLUMN "propagation" jsonb`);
    // The append-only trigger guards the evidence; this fills derived columns outside it, once.
    await q.query(`ALTER TABLE "assessments" DISABLE TRIGGER "assessments_append_only"`);
    await q.query(`
      UPDATE "assessments" SET
        "rules_fired" = coalesce((SELECT jsonb_agg(jsonb_build_object('ruleId', r -> 'ruleId', 'tier', r -> 'tier', 'veto', r -> 'veto', 'title', r -> 'title') ORDER BY n)
                                    FROM jsonb_array_elements("explanation" -> 'rulesFired') WITH ORDINALITY AS e(r, n)), '[]'::jsonb),
        "propagation" = coalesce("explanation" -> 'propagation', '[]'::jsonb)`);
    await q.query(`ALTER TABLE "assessments" ENABLE TRIGGER "assessments_append_only"`);
    await q.query(
      `ALTER TABLE "assessments" ALTER COLUMN "rules_fired" SET NOT NULL, ALTER COLUMN "propagation" SET NOT NULL`,
    );
    await q.query(`DROP INDEX "alert_deliveries_event_idx"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "alert_deliveries_event_idx" ON "alert_deliveries" ("event_id")`);
    await q.query(`ALTER TABLE "assessments" DROP COLUMN "propagation", DROP COLUMN "rules_fired"`);
  }
}
