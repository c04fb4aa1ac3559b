import { Client } from 'pg';
import { migrate } from '../../src/platform/database/migrate';
import { testServices, withDatabase } from './services';

// Two checkouts testing against the same PostgreSQL at once each name their own template.
export const TEMPLATE_DATABASE = process.env.TEST_TEMPLATE_DATABASE ?? 'risk_test_template';

// Migrates one template database per run; each test file clones it (CREATE DATABASE ... TEMPLATE),
// which is much faster than migrating a database per file and keeps files isolated.
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  const { databaseUrl } = testServices();
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  await migrate(withDatabase(databaseUrl, TEMPLATE_DATABASE));
}
