import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_STAFF_PASSWORD, seedDemoStaff } from '../../src/staff/demo-staff';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { EXAMPLE_IDS, examples } from '../../src/ingest/schemas/examples';
import { startTestApp } from '../support/app';
import { loginToken } from '../support/auth';
import { createTestDatabase } from '../support/database';
import { push, registerExampleFirms } from '../support/ingest';

// The OpenAPI document is the contract: schemathesis (PyPI, run by scripts/schemathesis.sh) fuzzes
// every operation of the running service, on PostgreSQL with demonstration data, and fails on any
// 5xx, undocumented status, response that does not match its schema, accepted invalid input, or
// undeclared method. Bounded: a few examples per operation, one worker (hypothesis' source cache is not thread-safe), a time budget for jest.
const MAX_EXAMPLES = process.env.CONTRACT_MAX_EXAMPLES ?? '12';
// What a run may take; schemathesis itself is bounded by the examples per operation.
const RUN_SECONDS = 150;

describe('API contract (schemathesis)', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const tokens: Record<'staff' | 'admin' | 'firm', string> = { staff: '', admin: '', firm: '' };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, DEMO_DATA: 'true', INGEST_RATE_LIMIT: '100000' });
    await seedDemoStaff(app.app.get(StaffDirectoryService));
    const firms = await registerExampleFirms(app.app);
    for (const [firm, kind, record] of [
      [firms.p2p, 'p2p_report', examples.p2pReport()],
      [firms.microLoan, 'micro_loan_report', examples.microLoanReport()],
      [firms.guarantee, 'guarantee_report', examples.guaranteeReport()],
      [firms.microLoan, 'contract', examples.contract()],
      [firms.p2p, 'key_persons', examples.keyPersons()],
    ] as const) {
      const answer = await push(app.url, `/v1/ingest/${kind}`, firm.key, record);
      if (answer.status !== 201) throw new Error(`demo push of ${kind} refused: ${JSON.stringify(answer.body)}`);
    }
    tokens.staff = await loginToken(app.url, 'demo.analyst', DEMO_STAFF_PASSWORD);
    tokens.admin = await loginToken(app.url, 'demo.admin', DEMO_STAFF_PASSWORD);
    tokens.firm = firms.p2p.key;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  // Staff routes with an analyst's token, admin routes with the administrator's: two runs.
  it.each([
    ['staff and firm routes', 'staff', ['--exclude-path-regex', '^/v1/admin/']],
    ['admin routes', 'admin', ['--include-path-regex', '^/v1/admin/']],
  ] as const)(
    'should keep the contract on %s',
    async (_name, who, filter) => {
      const env = {
        ...process.env,
        CONTRACT_STAFF_TOKEN: tokens[who],
        CONTRACT_FIRM_KEY: tokens.firm,
        CONTRACT_CREDIT_CODE: EXAMPLE_IDS.p2pFirm,
      };
      const { code, output } = await run('bash', env, [
        'scripts/schemathesis.sh',
        '--config-file',
        'test/contract/schemathesis.toml',
        'run',
        `${app.url}/docs/openapi.json`,
        '--checks',
        'all',
        '--max-examples',
        MAX_EXAMPLES,
        '--workers',
        '1',
        '--phases',
        'examples,coverage,fuzzing',
        '--generation-deterministic',
        '--no-color',
        '--suppress-health-check',
        'all',
        ...filter,
      ]);
      mkdirSync('test-artifacts', { recursive: true });
      writeFileSync(join('test-artifacts', `schemathesis-${who}.log`), output);
      if (code !== 0)
        throw new Error(`schemathesis found contract violations (exit ${code}):\n${output.slice(-20_000)}`);
    },
    (RUN_SECONDS + 120) * 1000,
  );
});

function run(
  command: string,
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
