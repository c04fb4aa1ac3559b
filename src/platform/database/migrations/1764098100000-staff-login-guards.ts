import { MigrationInterface, QueryRunner } from 'typeorm';

// Login attempts are reserved in one statement before the password is checked: `login_started_at`
// marks the one attempt in flight per account. `token_version` is carried in every token we issue;
// a password reset or disabling the account moves it on, so older tokens stop working at once.
export class StaffLoginGuards1764098100000 implements MigrationInterface {
  name = 'StaffLoginGuards1764098100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff_users" ADD "login_started_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "staff_users" ADD "token_version" integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff_users" DROP COLUMN "token_version"`);
    await q.query(`ALTER TABLE "staff_users" DROP COLUMN "login_started_at"`);
  }
}
