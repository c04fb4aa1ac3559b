import { MigrationInterface, QueryRunner } from 'typeorm';

// How far the importer of pgaudit's log (src/cage/dashboard-reads) has read each log file: the file's
// identity (device:inode) and the byte offset after the last whole line imported, updated in the same
// transaction as the access-log rows it wrote, so an import runs again without writing a read twice.
export class PgauditImport1764100520000 implements MigrationInterface {
  name = 'PgauditImport1764100520000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "pgaudit_import_offsets" (
        "log_path" text PRIMARY KEY,
        "file_id" text NOT NULL,
        "offset" bigint NOT NULL,
        "reads" bigint NOT NULL,
        "imported_at" timestamptz NOT NULL,
        CONSTRAINT "pgaudit_import_offsets_offset_nonnegative" CHECK ("offset" >= 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "pgaudit_import_offsets"`);
  }
}
