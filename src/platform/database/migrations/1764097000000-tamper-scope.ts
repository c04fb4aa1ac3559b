import { MigrationInterface, QueryRunner } from 'typeorm';

// Tamper findings beyond a record that no longer matches its leaf: a leaf whose content hash no
// longer matches its entry in the Merkle log ('leaf'), and a log that no longer produces the root
// of the latest signed checkpoint ('log', which names no leaf). Still append-only.
export class TamperScope1764097000000 implements MigrationInterface {
  name = 'TamperScope1764097000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "evidence_tamper_findings" ADD "scope" text NOT NULL DEFAULT 'record'`);
    await q.query(`ALTER TABLE "evidence_tamper_findings" ALTER COLUMN "leaf_id" DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "evidence_tamper_findings" ALTER COLUMN "leaf_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "evidence_tamper_findings" DROP COLUMN "scope"`);
  }
}
